"""Run one membership command: the target's stream, plus the group stream for owner changes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from servicekit.commands import CommandResult
from servicekit.eventstore import EventStore, Metadata

from group_service.domain.evolve import evolve_membership
from group_service.domain.membership import MemberContext
from group_service.domain.model import Decision, MembershipState
from group_service.handlers.executor import Changes, Loaded, execute_streams
from group_service.handlers.ports import Caller, Directory, changes
from group_service.handlers.streams import (
    group_subject,
    load_group,
    load_memberships,
    member_subject,
)

MemberDecision = Callable[[MemberContext], Decision]


@dataclass(frozen=True, slots=True)
class MemberOutcome:
    """The command's result and where the target stands afterwards."""

    result: CommandResult
    membership: MembershipState


async def _load(
    store: EventStore, directory: Directory, group_id: str, employee_id: str, caller: Caller
) -> Loaded[MemberContext]:
    (group, group_version), states = await asyncio.gather(
        load_group(store, group_id),
        load_memberships(store, group_id, [employee_id, caller.employee_id]),
    )
    target, target_version = states[employee_id]
    inactive = await directory.inactive(group.owners) if target.role == "owner" else frozenset()
    actor = caller.actor(states[caller.employee_id][0])
    ctx = MemberContext(group_id, employee_id, group, target, actor, inactive)
    return Loaded(
        ctx,
        {
            group_subject(group_id): group_version,
            member_subject(group_id, employee_id): target_version,
        },
    )


async def run_member_command(
    store: EventStore,
    directory: Directory,
    *,
    group_id: str,
    employee_id: str,
    caller: Caller,
    decision: MemberDecision,
) -> MemberOutcome:
    """Load group, target and caller memberships, decide, append atomically."""
    after: list[MembershipState] = []  # the target's state after the accepted decision

    def decide(ctx: MemberContext) -> Changes:
        decided = decision(ctx)
        state = ctx.target
        for event in decided.members.get(employee_id, ()):
            state = evolve_membership(state, event)
        after[:] = [state]
        return changes(group_id, decided)

    result = await execute_streams(
        store,
        primary=member_subject(group_id, employee_id),
        load=lambda: _load(store, directory, group_id, employee_id, caller),
        decide=decide,
        metadata=Metadata(actor_id=caller.employee_id),
    )
    return MemberOutcome(result, after[0])
