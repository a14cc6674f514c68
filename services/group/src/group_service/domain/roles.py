"""Decisions about roles; owner changes also update the owner set on the group stream."""

from __future__ import annotations

from collab_events.group import MAX_OWNERS, GroupMemberRoleChanged, GroupOwnersChanged

from group_service.domain.access import (
    ensure_visible,
    ensure_writable,
    may_assign,
    owners_without,
)
from group_service.domain.commands import ChangeRole
from group_service.domain.errors import MemberNotFound, NotAllowed, TooManyOwners
from group_service.domain.membership import MemberContext
from group_service.domain.model import NO_CHANGE, Decision, GroupState, Role


def decide_change_role(cmd: ChangeRole, ctx: MemberContext) -> Decision:
    """Change a member's role within the actor's rights, keeping an active owner."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_writable(ctx.group)
    current = ctx.target.role
    if not ctx.target.is_member or current is None:
        raise MemberNotFound
    if not may_assign(ctx.actor, current, cmd.role):
        raise NotAllowed(f"Your role may not change a {current} into a {cmd.role}.")
    if current == cmd.role:
        return NO_CHANGE
    changed = GroupMemberRoleChanged(**ctx.ids(), role=cmd.role, previous_role=current)
    owners = _owners_after(ctx, current, cmd.role)
    group_events = (
        [] if owners is None else [GroupOwnersChanged(group_id=ctx.group_id, owners=sorted(owners))]
    )
    return Decision(group=group_events, members={ctx.employee_id: [changed]})


def _owners_after(ctx: MemberContext, current: Role, new: Role) -> frozenset[str] | None:
    """The new owner set, or None when owners are not affected."""
    if new == "owner":
        return with_owner(ctx.group, ctx.employee_id)
    if current == "owner":
        return owners_without(ctx.group, ctx.employee_id, ctx.inactive)
    return None


def with_owner(group: GroupState, employee_id: str) -> frozenset[str]:
    """The owner set with ``employee_id`` added, within the limit."""
    owners = group.owners | {employee_id}
    if len(owners) > MAX_OWNERS:
        raise TooManyOwners
    return owners
