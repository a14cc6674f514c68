"""Routes of membership commands: join, leave, remove, roles."""

from __future__ import annotations

from fastapi import APIRouter, Response
from servicekit.http.commands import command_headers

from group_service.api.deps import CurrentCaller, EmployeeId, GroupId, PortsDep, resolve
from group_service.api.errors import DomainRoute, raises
from group_service.api.models import MembershipResult, RoleChange
from group_service.domain import errors as e
from group_service.domain.model import Status
from group_service.handlers import membership as handle
from group_service.handlers.membership import MemberOutcome

WRITE = (e.GroupNotFound, e.GroupArchived)  # what every membership command may answer

router = APIRouter(prefix="/v1/groups/{group_id}", tags=["membership"], route_class=DomainRoute)


def member_answer(
    response: Response, outcome: MemberOutcome, group_id: str, employee_id: str
) -> MembershipResult:
    """Headers of the command plus where the employee stands now."""
    command_headers(response, outcome.result)
    state = outcome.membership
    return MembershipResult(
        group_id=group_id,
        employee_id=employee_id,
        status=state.status,
        role=state.role,
        version=outcome.result.version,
    )


@router.put(
    "/members/me",
    responses=raises(*WRITE, e.InvitationRequired) | {202: {"model": MembershipResult}},
)
async def join_group(
    group_id: GroupId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> MembershipResult:
    """Join an open group, accept an invitation, or file a join request (202)."""
    outcome = await handle.join(ports, group_id, caller)
    answer = member_answer(response, outcome, group_id, caller.employee_id)
    response.status_code = 202 if answer.status == Status.REQUESTED else 200
    return answer


@router.delete("/members/me", status_code=204, responses=raises(*WRITE, e.LastOwner))
async def leave_group(
    group_id: GroupId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> None:
    """Leave the group; leaving again (or never having joined) changes nothing."""
    outcome = await handle.leave_or_remove(ports, group_id, caller.employee_id, caller)
    command_headers(response, outcome.result)


@router.delete(
    "/members/{employee_id}",
    status_code=204,
    responses=raises(*WRITE, e.NotAllowed, e.LastOwner),
)
async def remove_member(
    group_id: GroupId,
    employee_id: EmployeeId,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> None:
    """Remove someone (``me``: leave); repeating it changes nothing."""
    target = resolve(employee_id, caller)
    outcome = await handle.leave_or_remove(ports, group_id, target, caller)
    command_headers(response, outcome.result)


@router.put(
    "/members/{employee_id}/role",
    responses=raises(*WRITE, e.MemberNotFound, e.NotAllowed, e.TooManyOwners, e.LastOwner),
)
async def change_role(
    group_id: GroupId,
    employee_id: EmployeeId,
    body: RoleChange,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> MembershipResult:
    """Give a member another role (the last owner cannot be demoted)."""
    target = resolve(employee_id, caller)
    outcome = await handle.change_role(ports, group_id, target, body.role, caller)
    return member_answer(response, outcome, group_id, target)
