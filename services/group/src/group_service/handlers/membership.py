"""Handlers of membership commands: join, leave or remove, change role."""

from __future__ import annotations

from servicekit.eventstore import EventStore

from group_service.domain import membership as rules
from group_service.domain.commands import ChangeRole
from group_service.domain.roles import decide_change_role
from group_service.handlers.member_command import MemberOutcome, run_member_command
from group_service.handlers.ports import Caller, Directory


async def join(
    store: EventStore, directory: Directory, group_id: str, caller: Caller
) -> MemberOutcome:
    """Join, accept an invitation or request to join, as the group's policy says."""
    return await run_member_command(
        store,
        directory,
        group_id=group_id,
        employee_id=caller.employee_id,
        caller=caller,
        decision=rules.decide_join,
    )


async def leave_or_remove(
    store: EventStore, directory: Directory, group_id: str, employee_id: str, caller: Caller
) -> MemberOutcome:
    """Leave (yourself) or remove (someone else)."""
    decision = rules.decide_leave if employee_id == caller.employee_id else rules.decide_remove
    return await run_member_command(
        store,
        directory,
        group_id=group_id,
        employee_id=employee_id,
        caller=caller,
        decision=decision,
    )


async def change_role(
    store: EventStore, directory: Directory, cmd: ChangeRole, caller: Caller
) -> MemberOutcome:
    """Give a member another role."""
    return await run_member_command(
        store,
        directory,
        group_id=cmd.group_id,
        employee_id=cmd.employee_id,
        caller=caller,
        decision=lambda ctx: decide_change_role(cmd, ctx),
    )
