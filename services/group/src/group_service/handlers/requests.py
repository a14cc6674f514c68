"""Handlers of join requests and invitations."""

from __future__ import annotations

from servicekit.eventstore import EventStore

from group_service.domain import requests as rules
from group_service.domain.errors import EmployeeNotFound
from group_service.domain.membership import MemberContext
from group_service.domain.model import Decision
from group_service.handlers.member_command import MemberOutcome, run_member_command
from group_service.handlers.ports import Caller, Directory


async def invite(
    store: EventStore, directory: Directory, group_id: str, employee_id: str, caller: Caller
) -> MemberOutcome:
    """Invite an employee known from profile events (not erased): no invitation for nobody."""
    known = await directory.known(employee_id)

    def decision(ctx: MemberContext) -> Decision:
        decided = rules.decide_invite(ctx)  # the group's answers (404, 403, 409) come first
        if not known:
            raise EmployeeNotFound
        return decided

    return await run_member_command(
        store,
        directory,
        group_id=group_id,
        employee_id=employee_id,
        caller=caller,
        decision=decision,
    )


async def decide_request(
    store: EventStore,
    directory: Directory,
    group_id: str,
    employee_id: str,
    caller: Caller,
    *,
    approve: bool,
) -> MemberOutcome:
    """Approve or reject a join request."""
    decision = rules.decide_approve if approve else rules.decide_reject
    return await run_member_command(
        store,
        directory,
        group_id=group_id,
        employee_id=employee_id,
        caller=caller,
        decision=decision,
    )


async def answer_invitation(
    store: EventStore, directory: Directory, group_id: str, caller: Caller, *, accept: bool
) -> MemberOutcome:
    """Accept or decline one's own invitation."""
    decision = rules.decide_accept if accept else rules.decide_decline
    return await run_member_command(
        store,
        directory,
        group_id=group_id,
        employee_id=caller.employee_id,
        caller=caller,
        decision=decision,
    )
