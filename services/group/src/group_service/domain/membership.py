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

from group_service.domain.access import (
    ensure_visible,
    ensure_writable,
    may_remove,
    owners_without,
)
from group_service.domain.errors import InvitationRequired, NotAllowed
from group_service.domain.model import (
    NO_CHANGE,
    Actor,
    Decision,
    GroupState,
    MembershipState,
    Status,
)


@dataclass(frozen=True, slots=True)
class MemberContext:
    """Everything a membership decision looks at; ``inactive``: deactivated owners."""

    group_id: str
    employee_id: str
    group: GroupState
    target: MembershipState
    actor: Actor
    inactive: frozenset[str] = field(default_factory=frozenset)

    def ids(self) -> dict[str, str]:
        """The identifying fields of every membership event."""
        return {"group_id": self.group_id, "employee_id": self.employee_id}

    def events(self, *events: Event) -> Decision:
        """A decision appending ``events`` to the target's membership stream."""
        return Decision(members={self.employee_id: events})


def open_for_writes(ctx: MemberContext) -> None:
    """The group must be visible to the actor and writable."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_writable(ctx.group)


def joined(ctx: MemberContext, *first: Event) -> Decision:
    """``first`` events, then the target joins as a plain member."""
    return ctx.events(*first, GroupMemberJoined(**ctx.ids(), role="member"))


def decide_join(ctx: MemberContext) -> Decision:
    """Join an open group, accept a pending invitation, or file a join request."""
    open_for_writes(ctx)
    status = ctx.target.status
    if status is Status.MEMBER:
        return NO_CHANGE
    if status is Status.INVITED:
        return joined(ctx, GroupInvitationAccepted(**ctx.ids()))
    if ctx.group.visibility == "secret" or ctx.group.join_policy == "invite":
        raise InvitationRequired
    if ctx.group.join_policy == "open":
        return joined(ctx)
    return NO_CHANGE if status is Status.REQUESTED else ctx.events(GroupJoinRequested(**ctx.ids()))


def departure(ctx: MemberContext, event: Event) -> Decision:
    """The member's departure event, plus the smaller owner set when an owner goes."""
    if ctx.target.role != "owner":
        return ctx.events(event)
    owners = owners_without(ctx.group, ctx.employee_id, ctx.inactive)
    changed = GroupOwnersChanged(group_id=ctx.group_id, owners=sorted(owners))
    return Decision(group=[changed], members={ctx.employee_id: [event]})


def decide_leave(ctx: MemberContext) -> Decision:
    """Leave the group; leaving again (or never having joined) changes nothing."""
    if not ctx.target.is_member:
        if ctx.target.status is Status.NONE:  # no relation: do not confirm the group exists
            ensure_visible(ctx.group, ctx.actor)
        return NO_CHANGE
    open_for_writes(ctx)
    return departure(ctx, GroupMemberLeft(**ctx.ids()))


def decide_remove(ctx: MemberContext) -> Decision:
    """Remove someone else, within the actor's rights."""
    open_for_writes(ctx)
    if not may_remove(ctx.actor, "member"):
        raise NotAllowed("Only moderators, admins and owners may remove members.")
    if not ctx.target.is_member:
        return NO_CHANGE
    assert ctx.target.role is not None  # a member always has a role
    if not may_remove(ctx.actor, ctx.target.role):
        raise NotAllowed(f"Your role may not remove a member with role {ctx.target.role}.")
    return departure(ctx, GroupMemberRemoved(**ctx.ids(), reason="removed"))
