"""``collabctl token``: mint a development JWT."""

from __future__ import annotations

from typing import Annotated

import typer
from servicekit.auth import generate_key_pair, mint_token

from collabctl.paths import stack_paths_or_exit


def token(
    sub: Annotated[str, typer.Option("--sub", help="Employee id (the sub claim).")],
    roles: Annotated[str, typer.Option(help="Comma-separated roles, e.g. admin,editor.")] = "",
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 3600,
) -> None:
    """Print a dev token signed with .local/keys/dev-private.pem (created if missing)."""
    private_key, _ = generate_key_pair(stack_paths_or_exit().keys)
    role_list = [role.strip() for role in roles.split(",") if role.strip()]
    typer.echo(mint_token(private_key.read_text(), sub=sub, roles=role_list, ttl_s=ttl))
