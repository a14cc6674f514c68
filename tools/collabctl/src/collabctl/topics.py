"""``collabctl topics ...``: Kafka topics of every service."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from servicekit.kafka_admin import ensure_topics

from collabctl.launcher import StackPorts, all_topics
from collabctl.paths import stack_paths
from collabctl.runstate import load_state

app = typer.Typer(help="Kafka topics of every service.", no_args_is_help=True)


@app.command()
def ensure(
    bootstrap: Annotated[
        str | None, typer.Option(help="Kafka bootstrap servers [default: the local stack's].")
    ] = None,
    partitions: Annotated[int, typer.Option(min=1, help="Partitions of new topics.")] = 3,
    replication: Annotated[int, typer.Option(min=1, help="Replication factor.")] = 1,
    prefix: Annotated[str, typer.Option(help="Topic name prefix (test isolation).")] = "",
) -> None:
    """Create collab.<service>.v1 and collab.<service>.dlq.v1 for every service if missing."""
    bootstrap = bootstrap or _local_bootstrap()
    names = all_topics(prefix)
    created = asyncio.run(
        ensure_topics(bootstrap, names, partitions=partitions, replication=replication)
    )
    for name in created:
        typer.echo(f"created {name}")
    typer.echo(f"{len(names)} topics present on {bootstrap} ({len(created)} created)")


def _local_bootstrap() -> str:
    """The Kafka address recorded by `collabctl up`, else the default local port."""
    try:
        state = load_state(stack_paths().run)
    except RuntimeError:  # outside the repo and no COLLAB_HOME: no recorded stack
        state = {}
    return state["kafka"][1] if "kafka" in state else f"127.0.0.1:{StackPorts().kafka}"
