"""Query routes: a group's members and pending lists; one person's groups and invitations."""

from __future__ import annotations

from fastapi import APIRouter

from group_service.api.deps import (
    CONSISTENT,
    CurrentCaller,
    Cursor,
    EmployeeId,
    GroupId,
    Limit,
    Models,
)
from group_service.api.deps import resolve as resolve_me
from group_service.api.errors import DomainRoute, raises
from group_service.domain.errors import GroupNotFound, MembersOnly, NotAllowed
from group_service.domain.model import Role
from group_service.queries.members import member_page, pending_page
from group_service.queries.personal import groups_of, my_pending
from group_service.queries.views import MemberPage, MyGroupPage, PendingPage

# GET /v1/groups/{id}/members|requests|invitations
lists_router = APIRouter(
    prefix="/v1/groups/{group_id}",
    tags=["membership"],
    route_class=DomainRoute,
    dependencies=[CONSISTENT],
)


@lists_router.get("/members", responses=raises(GroupNotFound, MembersOnly))
async def list_members(
    group_id: GroupId,
    caller: CurrentCaller,
    models: Models,
    cursor: Cursor = None,
    limit: Limit = 50,
    role: Role | None = None,
) -> MemberPage:
    """Active members, owners first, with current name, job title and department."""
    return await member_page(models, group_id, caller, cursor=cursor, limit=limit, role=role)


@lists_router.get("/requests", responses=raises(GroupNotFound, NotAllowed))
async def list_requests(
    group_id: GroupId,
    caller: CurrentCaller,
    models: Models,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> PendingPage:
    """Pending join requests (owners and admins)."""
    return await pending_page(models, group_id, caller, "requested", cursor=cursor, limit=limit)


@lists_router.get("/invitations", responses=raises(GroupNotFound, NotAllowed))
async def list_invitations(
    group_id: GroupId,
    caller: CurrentCaller,
    models: Models,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> PendingPage:
    """Open invitations (owners and admins)."""
    return await pending_page(models, group_id, caller, "invited", cursor=cursor, limit=limit)


# GET /v1/me/… and /v1/employees/{id}/groups
personal_router = APIRouter(
    prefix="/v1", tags=["people"], route_class=DomainRoute, dependencies=[CONSISTENT]
)


@personal_router.get("/me/groups")
async def my_groups(
    caller: CurrentCaller, models: Models, cursor: Cursor = None, limit: Limit = 50
) -> MyGroupPage:
    """The caller's groups with their role."""
    return await groups_of(models, caller.employee_id, caller, cursor=cursor, limit=limit)


@personal_router.get("/me/invitations")
async def my_invitations(
    caller: CurrentCaller, models: Models, cursor: Cursor = None, limit: Limit = 50
) -> PendingPage:
    """The caller's open invitations."""
    return await my_pending(models, caller, "invited", cursor=cursor, limit=limit)


@personal_router.get("/me/requests")
async def my_requests(
    caller: CurrentCaller, models: Models, cursor: Cursor = None, limit: Limit = 50
) -> PendingPage:
    """The caller's pending join requests."""
    return await my_pending(models, caller, "requested", cursor=cursor, limit=limit)


@personal_router.get("/employees/{employee_id}/groups")
async def groups_of_employee(
    employee_id: EmployeeId,
    caller: CurrentCaller,
    models: Models,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> MyGroupPage:
    """Someone's groups, as far as the caller may see them."""
    return await groups_of(
        models, resolve_me(employee_id, caller), caller, cursor=cursor, limit=limit
    )
