"""Handlers of group commands: create, change settings, archive, unarchive, delete."""

from __future__ import annotations

from collections.abc import Callable

from servicekit.commands import CommandResult
from servicekit.eventstore import EventStore, Metadata

from group_service.domain import groups as decide
from group_service.domain.commands import ChangeSettings, CreateGroup
from group_service.domain.model import Actor, Decision, GroupState
from group_service.handlers.executor import Loaded, execute_streams
from group_service.handlers.ports import Caller, changes
from group_service.handlers.streams import (
    group_subject,
    load_group,
    load_memberships,
    member_subject,
)

GroupDecision = Callable[[GroupState, Actor], Decision]


async def create_group(store: EventStore, cmd: CreateGroup, caller: Caller) -> CommandResult:
    """Create the group and its creator's owner membership in one append."""
    creator = caller.employee_id

    async def load() -> Loaded[GroupState]:
        group, version = await load_group(store, cmd.group_id)
        owner_version = (await load_memberships(store, cmd.group_id, [creator]))[creator][1]
        return Loaded(
            group,
            {
                group_subject(cmd.group_id): version,
                member_subject(cmd.group_id, creator): owner_version,
            },
        )

    return await execute_streams(
        store,
        primary=group_subject(cmd.group_id),
        load=load,
        decide=lambda group: changes(cmd.group_id, decide.decide_create(cmd, group, creator)),
        metadata=Metadata(actor_id=creator),
    )


async def run_group_command(
    store: EventStore,
    group_id: str,
    caller: Caller,
    decision: GroupDecision,
    *,
    expected: int | None = None,
) -> CommandResult:
    """Load the group and the caller's membership, decide, append to the group stream."""

    async def load() -> Loaded[tuple[GroupState, Actor]]:
        group, version = await load_group(store, group_id)
        membership = await load_memberships(store, group_id, [caller.employee_id])
        actor = caller.actor(membership[caller.employee_id][0])
        return Loaded((group, actor), {group_subject(group_id): version})

    return await execute_streams(
        store,
        primary=group_subject(group_id),
        load=load,
        expected=expected,
        decide=lambda ctx: changes(group_id, decision(*ctx)),
        metadata=Metadata(actor_id=caller.employee_id),
    )


async def change_settings(
    store: EventStore, cmd: ChangeSettings, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Change a group's settings (If-Match aware)."""
    return await run_group_command(
        store,
        cmd.group_id,
        caller,
        lambda group, actor: decide.decide_change_settings(cmd, group, actor),
        expected=expected,
    )


async def archive(
    store: EventStore, group_id: str, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Make a group read-only."""
    return await run_group_command(
        store,
        group_id,
        caller,
        lambda g, a: decide.decide_archive(group_id, g, a),
        expected=expected,
    )


async def unarchive(
    store: EventStore, group_id: str, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Make a group writable again."""
    return await run_group_command(
        store,
        group_id,
        caller,
        lambda g, a: decide.decide_unarchive(group_id, g, a),
        expected=expected,
    )


async def delete(
    store: EventStore, group_id: str, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Delete a group."""
    return await run_group_command(
        store,
        group_id,
        caller,
        lambda g, a: decide.decide_delete(group_id, g, a),
        expected=expected,
    )
