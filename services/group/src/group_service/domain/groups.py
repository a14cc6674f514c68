"""Decisions about a group itself: create, change settings, archive, delete."""

from __future__ import annotations

from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupDeleted,
    GroupMemberJoined,
    GroupSettingsChanged,
    GroupUnarchived,
)

from group_service.domain.access import (
    ensure_manager,
    ensure_visible,
    ensure_writable,
    is_manager,
)
from group_service.domain.commands import ChangeSettings, CreateGroup
from group_service.domain.model import NO_CHANGE, Actor, Decision, GroupState

SETTINGS = ("title", "description", "language", "tags", "visibility", "join_policy")


def decide_create(cmd: CreateGroup, group: GroupState, creator: str) -> Decision:
    """GroupCreated plus the creator's owner membership; a repeat changes nothing."""
    if group.exists:
        return NO_CHANGE
    created = GroupCreated(
        group_id=cmd.group_id,
        title=cmd.title,
        description=cmd.description,
        language=cmd.language,
        tags=list(cmd.tags),
        visibility=cmd.visibility,
        join_policy=cmd.join_policy,
        owner_id=creator,
    )
    joined = GroupMemberJoined(group_id=cmd.group_id, employee_id=creator, role="owner")
    return Decision(group=[created], members={creator: [joined]})


def decide_change_settings(cmd: ChangeSettings, group: GroupState, actor: Actor) -> Decision:
    """GroupSettingsChanged with only the fields that really change."""
    ensure_visible(group, actor)
    ensure_manager(actor)
    ensure_writable(group)
    changed = {
        name: getattr(cmd, name)
        for name in SETTINGS
        if getattr(cmd, name) is not None and getattr(cmd, name) != getattr(group, name)
    }
    if not changed:
        return NO_CHANGE
    if "tags" in changed:
        changed["tags"] = list(changed["tags"])
    return Decision(group=[GroupSettingsChanged(group_id=cmd.group_id, **changed)])


def decide_archive(group_id: str, group: GroupState, actor: Actor) -> Decision:
    """Make the group read-only (idempotent)."""
    ensure_visible(group, actor)
    ensure_manager(actor)
    return NO_CHANGE if group.archived else Decision(group=[GroupArchived(group_id=group_id)])


def decide_unarchive(group_id: str, group: GroupState, actor: Actor) -> Decision:
    """Make the group writable again (idempotent)."""
    ensure_visible(group, actor)
    ensure_manager(actor)
    if not group.archived:
        return NO_CHANGE
    return Decision(group=[GroupUnarchived(group_id=group_id)])


def decide_delete(group_id: str, group: GroupState, actor: Actor) -> Decision:
    """Delete the group; repeating it as someone who could delete changes nothing."""
    if group.exists and group.deleted and is_manager(actor):
        return NO_CHANGE
    ensure_visible(group, actor)
    ensure_manager(actor)
    return Decision(group=[GroupDeleted(group_id=group_id)])
