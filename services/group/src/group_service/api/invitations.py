"""Routes of join requests and invitations: decide a request, invite, accept, decline."""

from __future__ import annotations

from fastapi import APIRouter, Response

from group_service.api.deps import CurrentCaller, EmployeeId, GroupId, PortsDep
from group_service.api.errors import DomainRoute, raises
from group_service.api.membership import WRITE, member_answer
from group_service.api.models import MembershipResult
from group_service.domain import errors as e
from group_service.handlers import requests as handle

DECIDE = raises(*WRITE, e.NotAllowed, e.JoinRequestNotFound, e.RequestNotPending)
ANSWER = raises(*WRITE, e.InvitationNotFound)
INVITE = raises(*WRITE, e.EmployeeNotFound, e.NotAllowed, e.AlreadyMember, e.JoinRequestPending)

router = APIRouter(prefix="/v1/groups/{group_id}", tags=["membership"], route_class=DomainRoute)


@router.post("/requests/{employee_id}/approve", responses=DECIDE)
async def approve_request(
    group_id: GroupId,
    employee_id: EmployeeId,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> MembershipResult:
    """Approve a pending join request (owners and admins)."""
    outcome = await handle.approve(ports, group_id, employee_id, caller)
    return member_answer(response, outcome, group_id, employee_id)


@router.post("/requests/{employee_id}/reject", responses=DECIDE)
async def reject_request(
    group_id: GroupId,
    employee_id: EmployeeId,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> MembershipResult:
    """Reject a pending join request (owners and admins)."""
    outcome = await handle.reject(ports, group_id, employee_id, caller)
    return member_answer(response, outcome, group_id, employee_id)


@router.put("/invitations/{employee_id}", responses=INVITE)
async def invite(
    group_id: GroupId,
    employee_id: EmployeeId,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> MembershipResult:
    """Invite an employee (owners and admins); inviting again changes nothing."""
    outcome = await handle.invite(ports, group_id, employee_id, caller)
    return member_answer(response, outcome, group_id, employee_id)


@router.post("/invitations/me/accept", responses=ANSWER)
async def accept_invitation(
    group_id: GroupId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> MembershipResult:
    """Accept one's invitation: join the group."""
    outcome = await handle.accept(ports, group_id, caller)
    return member_answer(response, outcome, group_id, caller.employee_id)


@router.post("/invitations/me/decline", responses=ANSWER)
async def decline_invitation(
    group_id: GroupId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> MembershipResult:
    """Decline one's invitation."""
    outcome = await handle.decline(ports, group_id, caller)
    return member_answer(response, outcome, group_id, caller.employee_id)
