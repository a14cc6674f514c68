"""FastAPI dependencies: the caller, the ports, a request's post reader, path parameters."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from collab_events import uuid7
from collab_events.ids import ID_PATTERN
from fastapi import Depends, Header, Path, Query, Request
from servicekit.http.consistency import consistent
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.security import CurrentPrincipal
from servicekit.projection import ReadModels

from feed_service.domain.model import Caller
from feed_service.handlers.ports import Ports
from feed_service.projections import FEED, TIMELINES
from feed_service.queries.reader import PostReader

PLATFORM_ADMIN = "admin"  # the token role of platform administrators


async def _caller(principal: CurrentPrincipal) -> Caller:
    return Caller(principal.sub, principal.has_role(PLATFORM_ADMIN))


async def _ports(request: Request) -> Ports:
    ports: Ports = request.app.state.runtime.ports
    return ports


async def _reader(request: Request, caller: Annotated[Caller, Depends(_caller)]) -> PostReader:
    models: ReadModels = request.app.state.runtime.models
    return PostReader(models, caller, datetime.now(UTC), (await _ports(request)).attachments)


CurrentCaller = Annotated[Caller, Depends(_caller)]
PortsDep = Annotated[Ports, Depends(_ports)]
Reader = Annotated[PostReader, Depends(_reader)]
# Reads honour Consistency-Token against the feed's own read model (commands write only
# feed streams; the replicas never see them).
CONSISTENT = Depends(consistent(FEED))
# The home feed also waits for the fan-out into timelines.
HOME_CONSISTENT = Depends(consistent(FEED, TIMELINES))
PostId = Annotated[str, Path(pattern=ID_PATTERN, description="The post's id.")]
CommentId = Annotated[str, Path(pattern=ID_PATTERN, description="The comment's id.")]
GroupId = Annotated[str, Path(pattern=ID_PATTERN, description="The group's id.")]
EmployeeId = Annotated[str, Path(pattern=ID_PATTERN, description="An employee id, or 'me'.")]
Limit = Annotated[int, Query(ge=1, le=100)]
IdempotencyKey = Annotated[
    str | None,
    Header(max_length=200, description="Retries with the same key create one item."),
]


def resolve(employee_id: str, caller: Caller) -> str:
    """``me`` stands for the caller."""
    return caller.employee_id if employee_id == "me" else employee_id


def new_id(namespace: uuid.UUID, caller: Caller, idempotency_key: str | None) -> str:
    """A fresh id, or the same id for every retry with the same Idempotency-Key."""
    if idempotency_key is None:
        return uuid7()
    return str(uuid.uuid5(namespace, f"{caller.employee_id}\n{idempotency_key}"))
