"""FastAPI dependencies: the caller, the ports, the read models, path parameters."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import Depends, Path, Query, Request
from servicekit.http.consistency import consistent
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.security import CurrentPrincipal
from servicekit.projection import ReadModels

from group_service.domain.model import Caller
from group_service.handlers.ports import Ports
from group_service.projections import PROJECTIONS

PLATFORM_ADMIN = "admin"  # the token role of platform administrators


async def _caller(principal: CurrentPrincipal) -> Caller:
    return Caller(principal.sub, principal.has_role(PLATFORM_ADMIN))


async def _ports(request: Request) -> Ports:
    ports: Ports = request.app.state.runtime.ports
    return ports


async def _models(request: Request) -> ReadModels:
    models: ReadModels = request.app.state.runtime.models
    return models


CurrentCaller = Annotated[Caller, Depends(_caller)]
PortsDep = Annotated[Ports, Depends(_ports)]
Models = Annotated[ReadModels, Depends(_models)]
# Reads honour Consistency-Token against every read model of the service.
CONSISTENT = Depends(consistent(*PROJECTIONS))
GroupId = Annotated[str, Path(pattern=ID_PATTERN, description="The group's id.")]
EmployeeId = Annotated[str, Path(pattern=ID_PATTERN, description="An employee id, or 'me'.")]
Limit = Annotated[int, Query(ge=1, le=100)]


def resolve(employee_id: str, caller: Caller) -> str:
    """``me`` stands for the caller."""
    return caller.employee_id if employee_id == "me" else employee_id
