"""GDPR: the caller's data export ("download my data")."""

from __future__ import annotations

from fastapi import APIRouter

from feed_service.api.deps import CONSISTENT, PortsDep, Reader
from feed_service.api.errors import DomainRoute
from feed_service.queries.export import export_employee
from feed_service.queries.export_models import FeedExport

router = APIRouter(prefix="/v1", tags=["privacy"], route_class=DomainRoute)


@router.get("/me/export", dependencies=[CONSISTENT])
async def export_my_data(reader: Reader, ports: PortsDep) -> FeedExport:
    """Everything this service holds about me, as one JSON document (empty if nothing)."""
    return await export_employee(reader.models, ports.store, reader.caller.employee_id)
