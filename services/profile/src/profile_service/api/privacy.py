"""GDPR: the caller's data export and erasure of an employee (roles hr, admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from servicekit.http.commands import command_headers
from servicekit.http.problems import FORBIDDEN
from servicekit.http.security import CurrentPrincipal, require_roles

from profile_service.api.deps import PRIVILEGED, EmployeeId, PortsDep
from profile_service.api.errors import DomainRoute, employee_not_found, raises
from profile_service.api.models import ErasureReport
from profile_service.domain.errors import EmployeeNotFound
from profile_service.handlers.privacy import erase_employee
from profile_service.queries.export import export_employee

router = APIRouter(prefix="/v1", tags=["privacy"], route_class=DomainRoute)


@router.get("/me/export", responses=raises(EmployeeNotFound))
async def export_my_data(principal: CurrentPrincipal, ports: PortsDep) -> dict[str, Any]:
    """Everything this service holds about the caller, as one JSON document."""
    export = await export_employee(ports, principal.sub)
    if export is None:
        raise employee_not_found(principal.sub)
    return export


@router.post("/employees/{employee_id}/erasure", responses=raises(FORBIDDEN, EmployeeNotFound))
async def erase(
    employee_id: EmployeeId, response: Response, principal: CurrentPrincipal, ports: PortsDep
) -> ErasureReport:
    """Erase an employee's personal data (GDPR Art. 17); safe to repeat."""
    require_roles(principal, *PRIVILEGED)
    erasure = await erase_employee(ports, employee_id, actor=principal.sub)
    command_headers(response, erasure.result)
    return ErasureReport(
        id=employee_id,
        version=erasure.result.version,
        redacted_events=erasure.redacted_events,
        ended_follows=erasure.ended_follows,
    )
