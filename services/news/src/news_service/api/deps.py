"""FastAPI dependencies: the caller, the ports, the reader, path and list parameters."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from collab_events import uuid7
from collab_events.ids import ID_PATTERN
from collab_events.news import LANGUAGE_PATTERN
from fastapi import Depends, Header, Path, Query, Request
from servicekit.http.consistency import consistent
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.security import CurrentPrincipal

from news_service.domain.model import Caller
from news_service.ports import Ports
from news_service.projections import NEWS
from news_service.queries.access import Reader, reader_of

PLATFORM_ADMIN = "admin"


async def _caller(principal: CurrentPrincipal) -> Caller:
    return Caller(principal.sub, principal.has_role(PLATFORM_ADMIN), frozenset(principal.roles))


async def _ports(request: Request) -> Ports:
    ports: Ports = request.app.state.runtime.ports
    return ports


CurrentCaller = Annotated[Caller, Depends(_caller)]
PortsDep = Annotated[Ports, Depends(_ports)]


async def _reader(caller: CurrentCaller, ports: PortsDep) -> Reader:
    return await reader_of(ports.replicas, caller)


def now() -> datetime:
    """The time a command is decided at."""
    return datetime.now(UTC)


def new_id(namespace: uuid.UUID, caller: Caller, idempotency_key: str | None) -> str:
    """A fresh id, or the same id for every retry with the same Idempotency-Key."""
    if idempotency_key is None:
        return uuid7()
    return str(uuid.uuid5(namespace, f"{caller.employee_id}\n{idempotency_key}"))


CurrentReader = Annotated[Reader, Depends(_reader)]
# Reads honour Consistency-Token against the news projection (channels, articles, readers).
CONSISTENT = Depends(consistent(NEWS))
ChannelId = Annotated[str, Path(pattern=ID_PATTERN, description="The channel's id.")]
ArticleId = Annotated[str, Path(pattern=ID_PATTERN, description="The article's id.")]
Limit = Annotated[int, Query(ge=1, le=100)]
Lang = Annotated[
    str | None,
    Query(pattern=LANGUAGE_PATTERN, max_length=35, description="BCP 47 tag; overrides my locale."),
]
IdempotencyKey = Annotated[
    str | None,
    Header(max_length=200, description="Retries with the same key create one item."),
]
