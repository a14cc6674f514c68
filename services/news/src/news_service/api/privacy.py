"""GDPR: the caller's data export ("download my data")."""

from __future__ import annotations

from fastapi import APIRouter
from servicekit.http.security import CurrentPrincipal

from news_service.api.deps import CONSISTENT, PortsDep
from news_service.api.errors import DomainRoute
from news_service.queries.export import export_employee
from news_service.queries.export_models import NewsExport

router = APIRouter(prefix="/v1", tags=["privacy"], route_class=DomainRoute)


@router.get("/me/export", dependencies=[CONSISTENT])
async def export_my_data(principal: CurrentPrincipal, ports: PortsDep) -> NewsExport:
    """Everything this service holds about me, as one JSON document (empty if nothing)."""
    return await export_employee(ports, principal.sub)
