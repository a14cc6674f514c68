"""``collabctl poll verify POLL_ID``: recompute a closed poll's tally, digest and signatures."""

from __future__ import annotations

import asyncio
from typing import Annotated

import httpx
import typer
from servicekit.auth import generate_key_pair, mint_token

from collabctl.paths import stack_paths_or_exit
from collabctl.service_procs import service_url

app = typer.Typer(help="Polls: verify a closed poll's published result.", no_args_is_help=True)


@app.command()
def verify(
    poll_id: str,
    as_employee: Annotated[
        str, typer.Option("--as", help="An eligible voter or owner of the poll.")
    ] = "admin",
    url: Annotated[str | None, typer.Option(help="The polling service's base URL.")] = None,
) -> None:
    """Recompute the tally, the ballot-list digest and every signature; exit 1 on a mismatch."""
    from polling_service.audit import verify_poll

    private_key, _ = generate_key_pair(stack_paths_or_exit().keys)
    key = private_key.read_text()
    headers = {"Authorization": f"Bearer {mint_token(key, sub=as_employee)}"}

    async def run() -> int:
        async with httpx.AsyncClient(base_url=url or service_url("polling"), timeout=60) as client:
            report = await verify_poll(client, poll_id, headers)
        typer.echo(
            f"{report.ballots} ballots, {report.credentials} credentials, "
            f"{report.signatures_checked} signatures checked"
        )
        for problem in report.problems:
            typer.echo(f"MISMATCH: {problem}", err=True)
        typer.echo("verified: tally, digest and signatures match" if report.ok else "NOT verified")
        return 0 if report.ok else 1

    raise typer.Exit(asyncio.run(run()))
