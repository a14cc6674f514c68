"""Membership use cases: join, leave or remove, change role (requests and invitations:
requests.py). Each appends to the target's membership stream, and to the group stream
when the owner set changes, in one atomic write."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute
from servicekit.streams import Metadata

from group_service.domain import membership as rules
from group_service.domain.commands import (
    ChangeRole,
    JoinGroup,
    LeaveGroup,
    MemberCommand,
    RemoveMember,
)
from group_service.domain.membership import MemberContext
from group_service.domain.model import Caller, MembershipState, Role
from group_service.domain.roles import decide_change_role
from group_service.domain.streams import MEMBERSHIP, group_subject, member_subject
from group_service.handlers.load import load_group, load_memberships
from group_service.handlers.ports import Ports

M = TypeVar("M", bound=MemberCommand)


@dataclass(frozen=True, slots=True)
class MemberOutcome:
    """The command's result and where the target stands afterwards."""

    result: CommandResult
    membership: MembershipState


async def join(ports: Ports, group_id: str, caller: Caller) -> MemberOutcome:
    """Join, accept an invitation or request to join, as the group's policy says."""
    return await execute_member(ports, JoinGroup(group_id, caller), rules.decide_join)


async def leave_or_remove(
    ports: Ports, group_id: str, employee_id: str, caller: Caller
) -> MemberOutcome:
    """Leave (yourself) or remove (someone else)."""
    if employee_id == caller.employee_id:
        return await execute_member(ports, LeaveGroup(group_id, caller), rules.decide_leave)
    command = RemoveMember(group_id, employee_id, caller)
    return await execute_member(ports, command, rules.decide_remove)


async def change_role(
    ports: Ports, group_id: str, employee_id: str, role: Role, caller: Caller
) -> MemberOutcome:
    """Give a member another role."""
    command = ChangeRole(group_id, employee_id, caller, role)
    return await execute_member(ports, command, decide_change_role)


async def execute_member(
    ports: Ports,
    command: M,
    decide: Callable[[M, MemberContext], Decision],
    *,
    check_known: bool = False,
) -> MemberOutcome:
    """Execute a membership command; the answer tells where the target stands now."""
    handler = CommandHandler(
        load=lambda c: load_member_context(ports, c, check_known=check_known),
        decide=decide,
        primary=_target,
    )
    metadata = Metadata(actor_id=command.caller.employee_id)
    outcome = await execute(ports.store, handler, command, metadata=metadata)
    after = MEMBERSHIP.fold(outcome.decision.events(_target(command)), outcome.state.target)
    return MemberOutcome(outcome.result, after)


async def load_member_context(
    ports: Ports, command: MemberCommand, *, check_known: bool = False
) -> Loaded[MemberContext]:
    """The group, the target's and the caller's memberships; for an owner target also
    the inactive owners, for an invitation whether the target is known."""
    group_id, target_id, me = command.group_id, command.employee_id, command.caller.employee_id
    (group, group_version), states = await asyncio.gather(
        load_group(ports.store, group_id),
        load_memberships(ports.store, group_id, [target_id, me]),
    )
    target, target_version = states[target_id]
    directory = ports.directory
    inactive = await directory.inactive(group.owners) if target.role == "owner" else frozenset()
    known = await directory.known(target_id) if check_known else False
    ctx = MemberContext(group, target, command.caller.actor(states[me][0]), inactive, known)
    versions = {group_subject(group_id): group_version, _target(command): target_version}
    return Loaded(ctx, versions)


def _target(command: MemberCommand) -> str:
    return member_subject(command.group_id, command.employee_id)
