"""GDPR: the caller's data export (Art. 15 access, Art. 20 portability)."""

from __future__ import annotations

from fastapi import APIRouter

from group_service.api.deps import CONSISTENT, CurrentCaller, Models, PortsDep
from group_service.api.errors import DomainRoute
from group_service.queries.export import export_employee
from group_service.queries.export_models import GroupExport

router = APIRouter(
    prefix="/v1", tags=["privacy"], route_class=DomainRoute, dependencies=[CONSISTENT]
)


@router.get("/me/export")
async def export_my_data(caller: CurrentCaller, models: Models, ports: PortsDep) -> GroupExport:
    """Everything this service holds about the caller, as one JSON document (never paged)."""
    return await export_employee(models, ports.store, caller)
