"""``collabctl mail list|show``: the mails the local stack's SMTP sink received."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from collabctl.mailsink import read_mails
from collabctl.paths import stack_paths_or_exit

app = typer.Typer(help="Mail of the local stack (its SMTP sink).", no_args_is_help=True)


@app.command("list")
def list_mail(
    to: Annotated[str | None, typer.Option(help="Only mail to this address.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="The newest this many.")] = 20,
) -> None:
    """Newest last: when, to whom, subject, Message-ID (the number to ``show``)."""
    mails = list(enumerate(read_mails(stack_paths_or_exit().mail), start=1))
    chosen = [(n, t, m) for n, (t, m) in mails if to is None or m["To"] == to][-limit:]
    if not chosen:
        typer.echo("no mail")
    for number, arrived, message in chosen:
        when = datetime.fromtimestamp(arrived).strftime("%F %T")
        typer.echo(f"{number:>4}  {when}  {message['To']}  {message['Subject']}")


@app.command()
def show(number: Annotated[int, typer.Argument(min=1, help="The number ``list`` shows.")]) -> None:
    """One mail's headers and its text part."""
    mails = read_mails(stack_paths_or_exit().mail)
    if number > len(mails):
        typer.echo(f"no mail {number} ({len(mails)} kept)", err=True)
        raise typer.Exit(1)
    message = mails[number - 1][1]
    for header in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"):
        typer.echo(f"{header}: {message[header]}")
    body = message.get_body(("plain",))
    typer.echo("")
    typer.echo(body.get_content() if body is not None else "(no text part)")
