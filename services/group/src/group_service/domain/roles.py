"""Decisions about roles; owner changes also update the owner set on the group stream."""

from __future__ import annotations

from collab_events.group import MAX_OWNERS, GroupMemberRoleChanged, GroupOwnersChanged
from servicekit.commands import NO_CHANGE, Decision

from group_service.domain.access import (
    ensure_visible,
    ensure_writable,
    may_assign,
    owners_without,
)
from group_service.domain.commands import ChangeRole
from group_service.domain.errors import MemberNotFound, NotAllowed, TooManyOwners
from group_service.domain.membership import MemberContext, ids
from group_service.domain.model import GroupState, Role
from group_service.domain.streams import group_subject, member_subject


def decide_change_role(command: ChangeRole, ctx: MemberContext) -> Decision:
    """Change a member's role within the actor's rights, keeping an active owner."""
    ensure_visible(ctx.group, ctx.actor)
    ensure_writable(ctx.group)
    current = ctx.target.role
    if not ctx.target.is_member or current is None:
        raise MemberNotFound
    if not may_assign(ctx.actor, current, command.role):
        raise NotAllowed(f"Your role may not change a {current} into a {command.role}.")
    if current == command.role:
        return NO_CHANGE
    changed = GroupMemberRoleChanged(**ids(command), role=command.role, previous_role=current)
    owners = _owners_after(command, ctx, current)
    decision = Decision()
    if owners is not None:
        owner_set = GroupOwnersChanged(group_id=command.group_id, owners=sorted(owners))
        decision = Decision.of(group_subject(command.group_id), owner_set)
    return decision.plus(member_subject(command.group_id, command.employee_id), changed)


def _owners_after(command: ChangeRole, ctx: MemberContext, current: Role) -> frozenset[str] | None:
    """The new owner set, or None when owners are not affected."""
    if command.role == "owner":
        return with_owner(ctx.group, command.employee_id)
    if current == "owner":
        return owners_without(ctx.group, command.employee_id, ctx.inactive)
    return None


def with_owner(group: GroupState, employee_id: str) -> frozenset[str]:
    """The owner set with ``employee_id`` added, within the limit."""
    owners = group.owners | {employee_id}
    if len(owners) > MAX_OWNERS:
        raise TooManyOwners
    return owners
