"""Composition root of ``collabctl``: each module contributes its commands here."""

from __future__ import annotations

import typer

from collabctl import (
    bench,
    contracts,
    dlq,
    faults,
    mail,
    polls,
    rebuild,
    seed,
    stack,
    tokens,
    topics,
)

app = typer.Typer(
    name="collabctl",
    help="Operate Collab Hub: local stack, topics, tokens, contracts, rebuilds, dead letters.",
    no_args_is_help=True,
    add_completion=False,
)

app.command()(stack.up)
app.command()(stack.down)
app.command()(stack.status)
app.command()(tokens.token)
app.add_typer(topics.app, name="topics")
app.add_typer(contracts.app, name="contracts")
app.add_typer(dlq.app, name="dlq")
app.command()(rebuild.rebuild)
app.command()(seed.seed)
app.add_typer(bench.app, name="bench")
app.command()(faults.faults)
app.add_typer(polls.app, name="poll")
app.add_typer(mail.app, name="mail")


def main() -> None:
    """Run the collabctl command line."""
    app()
