"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import Depends, Path, Query, Request
from servicekit.auth import Principal
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.problems import FORBIDDEN
from servicekit.projection import ReadModels
from servicekit.service import ServiceRuntime

from profile_service.ports import Ports

PRIVILEGED = ("hr", "admin")


def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def get_ports(request: Request) -> Ports:
    """What handlers and queries need, built once by the composition root (``app.ports``)."""
    ports: Ports = _runtime(request).ports
    return ports


async def get_models(request: Request) -> ReadModels:
    """The read models."""
    return _runtime(request).models


PortsDep = Annotated[Ports, Depends(get_ports)]
ModelsDep = Annotated[ReadModels, Depends(get_models)]
EmployeeId = Annotated[str, Path(pattern=ID_PATTERN, description="Employee id")]

Limit = Annotated[int, Query(ge=1, le=100, description="Page size")]


def is_privileged(principal: Principal) -> bool:
    """HR and admins see inactive employees and HR-only fields."""
    return principal.has_role(*PRIVILEGED)


def require_inactive_access(principal: Principal, include_inactive: bool) -> None:
    """Only HR and admins may list deactivated employees."""
    if include_inactive and not is_privileged(principal):
        raise FORBIDDEN.problem("include_inactive needs the role hr or admin.")
