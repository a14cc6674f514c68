"""Directory search and org chart."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from servicekit.http.consistency import consistent
from servicekit.http.cursors import decode_cursor, next_cursor
from servicekit.http.problems import FORBIDDEN
from servicekit.http.security import CurrentPrincipal

from profile_service.api.deps import (
    Cursor,
    EmployeeId,
    Limit,
    ModelsDep,
    require_inactive_access,
)
from profile_service.api.errors import DomainRoute, employee_not_found, raises
from profile_service.api.models import Chain, EmployeePage, ReportsPage
from profile_service.api.views import summary, visible
from profile_service.domain import search
from profile_service.domain.errors import EmployeeNotFound
from profile_service.projections import DIRECTORY
from profile_service.queries import directory as queries

router = APIRouter(
    prefix="/v1/employees",
    tags=["directory"],
    route_class=DomainRoute,
    dependencies=[Depends(consistent(DIRECTORY))],
)
Facet = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get("", responses=raises(FORBIDDEN))
async def search_directory(
    principal: CurrentPrincipal,
    models: ModelsDep,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="Name prefix")] = None,
    skill: Facet = None,
    department: Facet = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    location: Facet = None,
    include_inactive: bool = False,
    cursor: Cursor = None,
    limit: Limit = 20,
) -> EmployeePage:
    """Find colleagues by name prefix (case and accents ignored) and facets, in name order."""
    require_inactive_access(principal, include_inactive)
    if q is not None and not search.query_keys(q):
        return EmployeePage(items=[], next_cursor=None)  # nothing searchable: nobody matches
    query = queries.DirectoryQuery(
        text=q,
        skill=skill,
        department=department,
        country=country,
        location=location,
        include_inactive=include_inactive,
    )
    page = await queries.find_page(
        models, queries.search_filter(query), after=decode_cursor(cursor), limit=limit
    )
    return EmployeePage(
        items=[summary(e) for e in page.items], next_cursor=next_cursor(page.next_after)
    )


@router.get("/{employee_id}/chain", responses=raises(EmployeeNotFound))
async def management_chain(
    employee_id: EmployeeId, principal: CurrentPrincipal, models: ModelsDep
) -> Chain:
    """The employee's managers from the direct one up to the top of the organisation."""
    entry = await queries.get_entry(models, employee_id)
    if entry is None or not visible(entry, principal):
        raise employee_not_found(employee_id)
    managers = await queries.management_chain(models, entry)
    return Chain(employee=summary(entry), managers=[summary(m) for m in managers])


@router.get("/{employee_id}/reports", responses=raises(FORBIDDEN, EmployeeNotFound))
async def direct_reports(
    employee_id: EmployeeId,
    principal: CurrentPrincipal,
    models: ModelsDep,
    include_inactive: bool = False,
    cursor: Cursor = None,
    limit: Limit = 20,
) -> ReportsPage:
    """The employee's direct reports in name order."""
    require_inactive_access(principal, include_inactive)
    entry = await queries.get_entry(models, employee_id)
    if entry is None or not visible(entry, principal):
        raise employee_not_found(employee_id)
    where = queries.reports_filter(employee_id, include_inactive=include_inactive)
    page = await queries.find_page(models, where, after=decode_cursor(cursor), limit=limit)
    return ReportsPage(
        items=[summary(e) for e in page.items],
        next_cursor=next_cursor(page.next_after),
        total=await queries.count(models, where),
    )
