"""Group use cases: create, change settings, archive, unarchive, delete.

``If-Match`` is checked after the decision, not before it as ``execute`` would:
a hidden group answers its 404, never a 412 that tells its version (RFC 9110
§13.2.1). A conflict is retried on fresh state, where the check then fails if
the group stream moved past the version the client named.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from servicekit.commands import (
    CommandHandler,
    CommandResult,
    Decision,
    Loaded,
    PreconditionFailed,
    execute,
)
from servicekit.streams import Metadata

from group_service.domain import groups as rules
from group_service.domain.commands import (
    ArchiveGroup,
    ChangeSettings,
    CreateGroup,
    DeleteGroup,
    GroupCommand,
    UnarchiveGroup,
)
from group_service.domain.groups import GroupContext
from group_service.domain.model import Caller, GroupState
from group_service.domain.streams import group_subject, member_subject
from group_service.handlers.load import load_group, load_memberships
from group_service.handlers.ports import Ports

C = TypeVar("C", bound=GroupCommand)


@dataclass(frozen=True, slots=True)
class AtVersion:
    """A group decision's context and the group stream's version it was loaded at."""

    ctx: GroupContext
    version: int


async def create_group(ports: Ports, command: CreateGroup) -> CommandResult:
    """Create the group and its creator's owner membership in one append."""
    handler = CommandHandler(
        load=lambda c: _load_for_create(ports, c), decide=rules.decide_create, primary=_subject
    )
    outcome = await execute(ports.store, handler, command, metadata=_by(command.caller))
    return outcome.result


async def change_settings(
    ports: Ports, command: ChangeSettings, *, expected: int | None = None
) -> CommandResult:
    """Change a group's settings (If-Match aware)."""
    return await _on_group(ports, command, rules.decide_change_settings, expected)


async def archive(
    ports: Ports, group_id: str, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Make a group read-only."""
    return await _on_group(ports, ArchiveGroup(group_id, caller), rules.decide_archive, expected)


async def unarchive(
    ports: Ports, group_id: str, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Make a group writable again."""
    command = UnarchiveGroup(group_id, caller)
    return await _on_group(ports, command, rules.decide_unarchive, expected)


async def delete(
    ports: Ports, group_id: str, caller: Caller, *, expected: int | None = None
) -> CommandResult:
    """Delete a group."""
    return await _on_group(ports, DeleteGroup(group_id, caller), rules.decide_delete, expected)


async def _on_group(
    ports: Ports,
    command: C,
    decide: Callable[[C, GroupContext], Decision],
    expected: int | None,
) -> CommandResult:
    """Execute a command that reads the group and the caller's membership, appends to the group."""
    handler = CommandHandler(
        load=lambda c: _load_context(ports, c),
        decide=_then_precondition(decide, expected),
        primary=_subject,
    )
    outcome = await execute(ports.store, handler, command, metadata=_by(command.caller))
    return outcome.result


def _then_precondition(
    decide: Callable[[C, GroupContext], Decision], expected: int | None
) -> Callable[[C, AtVersion], Decision]:
    def decide_then_check(command: C, loaded: AtVersion) -> Decision:
        decision = decide(command, loaded.ctx)  # a refusal (404, 403) wins over a 412
        if expected is not None and expected != loaded.version:
            raise PreconditionFailed(_subject(command), expected, loaded.version)
        return decision

    return decide_then_check


async def _load_context(ports: Ports, command: GroupCommand) -> Loaded[AtVersion]:
    me = command.caller.employee_id
    (group, version), memberships = await asyncio.gather(
        load_group(ports.store, command.group_id),
        load_memberships(ports.store, command.group_id, [me]),
    )
    ctx = GroupContext(group, command.caller.actor(memberships[me][0]))
    return Loaded(AtVersion(ctx, version), {_subject(command): version})


async def _load_for_create(ports: Ports, command: CreateGroup) -> Loaded[GroupState]:
    creator = command.caller.employee_id
    (group, version), memberships = await asyncio.gather(
        load_group(ports.store, command.group_id),
        load_memberships(ports.store, command.group_id, [creator]),
    )
    versions = {
        _subject(command): version,
        member_subject(command.group_id, creator): memberships[creator][1],
    }
    return Loaded(group, versions)


def _subject(command: GroupCommand) -> str:
    return group_subject(command.group_id)


def _by(caller: Caller) -> Metadata:
    return Metadata(actor_id=caller.employee_id)
