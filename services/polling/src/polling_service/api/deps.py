"""FastAPI dependencies: the caller, the ports, path and list parameters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import Depends, Path, Query, Request
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.security import CurrentPrincipal

from polling_service.domain.model import Caller
from polling_service.ports import Ports

PLATFORM_ADMIN = "admin"


async def _caller(principal: CurrentPrincipal) -> Caller:
    return Caller(principal.sub, principal.has_role(PLATFORM_ADMIN), frozenset(principal.roles))


async def _ports(request: Request) -> Ports:
    ports: Ports = request.app.state.runtime.ports
    return ports


def now() -> datetime:
    """The time a command is decided at."""
    return datetime.now(UTC)


CurrentCaller = Annotated[Caller, Depends(_caller)]
PortsDep = Annotated[Ports, Depends(_ports)]
PollId = Annotated[str, Path(pattern=ID_PATTERN, description="The poll's id.")]
Limit = Annotated[int, Query(ge=1, le=100)]
