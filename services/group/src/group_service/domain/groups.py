"""Decisions about a group itself: create, change settings, archive, unarchive, delete."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupDeleted,
    GroupMemberJoined,
    GroupSettingsChanged,
    GroupUnarchived,
)
from servicekit.commands import NO_CHANGE, Decision

from group_service.domain.access import (
    ensure_manager,
    ensure_visible,
    ensure_writable,
    is_manager,
)
from group_service.domain.commands import (
    ArchiveGroup,
    ChangeSettings,
    CreateGroup,
    DeleteGroup,
    UnarchiveGroup,
)
from group_service.domain.model import Actor, GroupState
from group_service.domain.streams import group_subject, member_subject

SETTINGS = ("title", "description", "language", "tags", "visibility", "join_policy")


@dataclass(frozen=True, slots=True)
class GroupContext:
    """What a decision about the group looks at: its state and the caller in it."""

    group: GroupState
    actor: Actor


def decide_create(command: CreateGroup, group: GroupState) -> Decision:
    """GroupCreated plus the creator's owner membership; a repeat changes nothing."""
    if group.exists:
        return NO_CHANGE
    creator = command.caller.employee_id
    created = GroupCreated(
        group_id=command.group_id,
        title=command.title,
        description=command.description,
        language=command.language,
        tags=list(command.tags),
        visibility=command.visibility,
        join_policy=command.join_policy,
        owner_id=creator,
    )
    joined = GroupMemberJoined(group_id=command.group_id, employee_id=creator, role="owner")
    return Decision.of(group_subject(command.group_id), created).plus(
        member_subject(command.group_id, creator), joined
    )


def decide_change_settings(command: ChangeSettings, ctx: GroupContext) -> Decision:
    """GroupSettingsChanged with only the fields that really change."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_manager(ctx.actor)
    ensure_writable(ctx.group)
    changed = {
        name: getattr(command, name)
        for name in SETTINGS
        if getattr(command, name) is not None and getattr(command, name) != getattr(ctx.group, name)
    }
    if not changed:
        return NO_CHANGE
    if "tags" in changed:
        changed["tags"] = list(changed["tags"])
    event = GroupSettingsChanged(group_id=command.group_id, **changed)
    return Decision.of(group_subject(command.group_id), event)


def decide_archive(command: ArchiveGroup, ctx: GroupContext) -> Decision:
    """Make the group read-only (idempotent)."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_manager(ctx.actor)
    if ctx.group.archived:
        return NO_CHANGE
    return Decision.of(group_subject(command.group_id), GroupArchived(group_id=command.group_id))


def decide_unarchive(command: UnarchiveGroup, ctx: GroupContext) -> Decision:
    """Make the group writable again (idempotent)."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_manager(ctx.actor)
    if not ctx.group.archived:
        return NO_CHANGE
    return Decision.of(group_subject(command.group_id), GroupUnarchived(group_id=command.group_id))


def decide_delete(command: DeleteGroup, ctx: GroupContext) -> Decision:
    """Delete the group; repeating it as someone who could delete changes nothing."""
    if ctx.group.exists and ctx.group.deleted and is_manager(ctx.actor):
        return NO_CHANGE
    ensure_visible(ctx.group, ctx.actor)
    ensure_manager(ctx.actor)
    return Decision.of(group_subject(command.group_id), GroupDeleted(group_id=command.group_id))
