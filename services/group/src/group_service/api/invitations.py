"""Routes of join requests and invitations: decide a request, invite, accept, decline."""

from __future__ import annotations

from fastapi import APIRouter, Response

from group_service.api.deps import CurrentCaller, Directory, EmployeeId, GroupId, Store
from group_service.api.errors import DomainRoute, raises
from group_service.api.membership import WRITE, member_answer
from group_service.api.models import MembershipResult
from group_service.domain import errors as e
from group_service.handlers import requests as requests_handle

DECIDE = raises(*WRITE, e.NotAllowed, e.JoinRequestNotFound, e.RequestNotPending)
ANSWER = raises(*WRITE, e.InvitationNotFound)


def invitations_router() -> APIRouter:
    """The request and invitation routes under /v1/groups/{group_id}."""
    router = APIRouter(prefix="/v1/groups/{group_id}", tags=["membership"], route_class=DomainRoute)

    @router.post("/requests/{employee_id}/approve", responses=DECIDE)
    async def approve_request(
        group_id: GroupId,
        employee_id: EmployeeId,
        response: Response,
        caller: CurrentCaller,
        store: Store,
        directory: Directory,
    ) -> MembershipResult:
        """Approve a pending join request (owners and admins)."""
        outcome = await requests_handle.decide_request(
            store, directory, group_id, employee_id, caller, approve=True
        )
        return member_answer(response, outcome, group_id, employee_id)

    @router.post("/requests/{employee_id}/reject", responses=DECIDE)
    async def reject_request(
        group_id: GroupId,
        employee_id: EmployeeId,
        response: Response,
        caller: CurrentCaller,
        store: Store,
        directory: Directory,
    ) -> MembershipResult:
        """Reject a pending join request (owners and admins)."""
        outcome = await requests_handle.decide_request(
            store, directory, group_id, employee_id, caller, approve=False
        )
        return member_answer(response, outcome, group_id, employee_id)

    @router.put(
        "/invitations/{employee_id}",
        responses=raises(
            *WRITE, e.EmployeeNotFound, e.NotAllowed, e.AlreadyMember, e.JoinRequestPending
        ),
    )
    async def invite(
        group_id: GroupId,
        employee_id: EmployeeId,
        response: Response,
        caller: CurrentCaller,
        store: Store,
        directory: Directory,
    ) -> MembershipResult:
        """Invite an employee (owners and admins); inviting again changes nothing."""
        outcome = await requests_handle.invite(store, directory, group_id, employee_id, caller)
        return member_answer(response, outcome, group_id, employee_id)

    @router.post("/invitations/me/accept", responses=ANSWER)
    async def accept_invitation(
        group_id: GroupId,
        response: Response,
        caller: CurrentCaller,
        store: Store,
        directory: Directory,
    ) -> MembershipResult:
        """Accept one's invitation: join the group."""
        outcome = await requests_handle.answer_invitation(
            store, directory, group_id, caller, accept=True
        )
        return member_answer(response, outcome, group_id, caller.employee_id)

    @router.post("/invitations/me/decline", responses=ANSWER)
    async def decline_invitation(
        group_id: GroupId,
        response: Response,
        caller: CurrentCaller,
        store: Store,
        directory: Directory,
    ) -> MembershipResult:
        """Decline one's invitation."""
        outcome = await requests_handle.answer_invitation(
            store, directory, group_id, caller, accept=False
        )
        return member_answer(response, outcome, group_id, caller.employee_id)

    return router
