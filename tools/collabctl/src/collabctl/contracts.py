"""``collabctl contracts ...``: generate and check ``contracts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import collab_events
import typer
from collab_events.contracts import check as check_contracts
from collab_events.contracts import export as export_contracts

from collabctl.paths import stack_paths

app = typer.Typer(
    help="Event contracts: JSON Schemas, AsyncAPI, golden examples.", no_args_is_help=True
)
Root = Annotated[Path | None, typer.Option(help="contracts/ folder [default: the repo's].")]


def _root(root: Path | None) -> Path:
    return root if root is not None else stack_paths().home / "contracts"


@app.command()
def export(root: Root = None) -> None:
    """Write contracts/ from the event models (golden examples only when missing)."""
    changed = export_contracts(collab_events.REGISTRY, _root(root))
    for rel in changed:
        typer.echo(f"wrote {rel}")
    typer.echo(f"{len(changed)} files changed")


@app.command()
def check(root: Root = None) -> None:
    """Fail when contracts/ is stale or a released contract changed incompatibly."""
    problems = check_contracts(collab_events.REGISTRY, _root(root))
    for problem in problems:
        typer.echo(f"contracts: {problem}", err=True)
    if problems:
        typer.echo(
            "run `collabctl contracts export`; incompatible changes need a new "
            "version plus an upcaster",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo("contracts up to date and compatible")
