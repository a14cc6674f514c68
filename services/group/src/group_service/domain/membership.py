"""Decisions about one membership: join, leave, remove (requests and invitations: requests.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from collab_events import Event
from collab_events.group import (
    GroupInvitationAccepted,
    GroupJoinRequested,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRemoved,
    GroupOwnersChanged,
)
from servicekit.commands import NO_CHANGE, Decision

from group_service.domain.access import (
    ensure_visible,
    ensure_writable,
    may_remove,
    owners_without,
)
from group_service.domain.commands import JoinGroup, LeaveGroup, MemberCommand, RemoveMember
from group_service.domain.errors import InvitationRequired, NotAllowed
from group_service.domain.model import Actor, GroupState, MembershipState, Status
from group_service.domain.streams import group_subject, member_subject


@dataclass(frozen=True, slots=True)
class MemberContext:
    """Everything a membership decision looks at.

    ``inactive``: the deactivated owners (loaded when the target is an owner);
    ``target_known``: the target is registered and not erased (loaded for invitations).
    """

    group: GroupState
    target: MembershipState
    actor: Actor
    inactive: frozenset[str] = field(default_factory=frozenset)
    target_known: bool = False


def ids(command: MemberCommand) -> dict[str, str]:
    """The identifying fields of every membership event."""
    return {"group_id": command.group_id, "employee_id": command.employee_id}


def member_events(command: MemberCommand, *events: Event) -> Decision:
    """A decision appending ``events`` to the target's membership stream."""
    return Decision.of(member_subject(command.group_id, command.employee_id), *events)


def open_for_writes(ctx: MemberContext) -> None:
    """The group must be visible to the actor and writable."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_writable(ctx.group)


def joined(command: MemberCommand, *first: Event) -> Decision:
    """``first`` events, then the target joins as a plain member."""
    return member_events(command, *first, GroupMemberJoined(**ids(command), role="member"))


def decide_join(command: JoinGroup, ctx: MemberContext) -> Decision:
    """Join an open group, accept a pending invitation, or file a join request."""
    open_for_writes(ctx)
    status = ctx.target.status
    if status is Status.MEMBER:
        return NO_CHANGE
    if status is Status.INVITED:
        return joined(command, GroupInvitationAccepted(**ids(command)))
    if ctx.group.visibility == "secret" or ctx.group.join_policy == "invite":
        raise InvitationRequired
    if ctx.group.join_policy == "open":
        return joined(command)
    if status is Status.REQUESTED:
        return NO_CHANGE
    return member_events(command, GroupJoinRequested(**ids(command)))


def departure(command: MemberCommand, ctx: MemberContext, event: Event) -> Decision:
    """The member's departure event, plus the smaller owner set when an owner goes."""
    if ctx.target.role != "owner":
        return member_events(command, event)
    owners = owners_without(ctx.group, command.employee_id, ctx.inactive)
    changed = GroupOwnersChanged(group_id=command.group_id, owners=sorted(owners))
    return Decision.of(group_subject(command.group_id), changed).plus(
        member_subject(command.group_id, command.employee_id), event
    )


def decide_leave(command: LeaveGroup, ctx: MemberContext) -> Decision:
    """Leave the group; leaving again (or never having joined) changes nothing."""
    if not ctx.target.is_member:
        if ctx.target.status is Status.NONE:  # no relation: do not confirm the group exists
            ensure_visible(ctx.group, ctx.actor)
        return NO_CHANGE
    open_for_writes(ctx)
    return departure(command, ctx, GroupMemberLeft(**ids(command)))


def decide_remove(command: RemoveMember, ctx: MemberContext) -> Decision:
    """Remove someone else, within the actor's rights."""
    open_for_writes(ctx)
    if not may_remove(ctx.actor, "member"):
        raise NotAllowed("Only moderators, admins and owners may remove members.")
    if not ctx.target.is_member:
        return NO_CHANGE
    assert ctx.target.role is not None  # a member always has a role
    if not may_remove(ctx.actor, ctx.target.role):
        raise NotAllowed(f"Your role may not remove a member with role {ctx.target.role}.")
    return departure(command, ctx, GroupMemberRemoved(**ids(command), reason="removed"))
