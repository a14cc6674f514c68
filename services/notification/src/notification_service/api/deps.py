"""FastAPI dependencies: the caller, the ports, path and query parameters."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import Depends, Path, Query, Request
from servicekit.http.consistency import consistent
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.security import CurrentPrincipal
from servicekit.projection import ReadModels

from notification_service.ports import Ports
from notification_service.projections import INBOX, SETTINGS


async def _ports(request: Request) -> Ports:
    ports: Ports = request.app.state.runtime.ports
    return ports


async def _me(principal: CurrentPrincipal) -> str:
    return principal.sub


async def _models(request: Request) -> ReadModels:
    models: ReadModels = request.app.state.runtime.models
    return models


Me = Annotated[str, Depends(_me)]
PortsDep = Annotated[Ports, Depends(_ports)]
Models = Annotated[ReadModels, Depends(_models)]
# Reads of preferences honour Consistency-Token against the settings read model.
PREFERENCES_CONSISTENT = Depends(consistent(SETTINGS))
# Reads of the centre honour it against the inbox (read marks are applied there).
INBOX_CONSISTENT = Depends(consistent(INBOX))
NotificationId = Annotated[
    str, Path(max_length=300, pattern=r"^[A-Za-z0-9._:-]{1,300}$", description="The id.")
]
PostId = Annotated[str, Path(pattern=ID_PATTERN, description="The post's id.")]
Limit = Annotated[int, Query(ge=1, le=100)]
