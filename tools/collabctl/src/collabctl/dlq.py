"""``collabctl dlq ...``: inspect and retry dead letters of a service."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from servicekit.dlq import read_dead_letters, retry_dead_letters
from servicekit.service import ServiceRuntime

from collabctl.services import load_service

app = typer.Typer(help="Dead letters of a service's projections.", no_args_is_help=True)
Service = Annotated[str, typer.Argument(help="Service name, e.g. group.")]


@app.command("list")
def list_(service: Service) -> None:
    """Show every dead letter: where it came from, which projection failed, and why."""
    _, settings = load_service(service)
    letters = asyncio.run(read_dead_letters(settings))
    for letter in letters:
        typer.echo(
            f"{letter.partition}/{letter.offset}  {letter.projection}  {letter.type}  "
            f"{letter.subject}  from {letter.origin}\n    {letter.error}"
        )
    typer.echo(f"{len(letters)} dead letters")


@app.command()
def retry(service: Service) -> None:
    """Re-run the failed handlers; a letter that fails again is queued again."""
    definition, settings = load_service(service)

    async def run() -> int:
        runtime = ServiceRuntime(settings, definition)  # projections and bound policies
        try:
            letters = await retry_dead_letters(
                settings, runtime.consumers, runtime.models, registry=definition.registry
            )
        finally:
            await runtime.client.close()
        return len(letters)

    typer.echo(f"retried {asyncio.run(run())} dead letters")
