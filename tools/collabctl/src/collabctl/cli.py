"""Composition root of ``collabctl``: each module contributes its commands here."""

from __future__ import annotations

import typer

from collabctl import stack, tokens, topics

app = typer.Typer(
    name="collabctl",
    help="Operate Collab Hub: local stack, topics, dev tokens.",
    no_args_is_help=True,
    add_completion=False,
)

app.command()(stack.up)
app.command()(stack.down)
app.command()(stack.status)
app.command()(tokens.token)
app.add_typer(topics.app, name="topics")


def main() -> None:
    """Run the collabctl command line."""
    app()
