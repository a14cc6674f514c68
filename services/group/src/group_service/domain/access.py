"""Who may see and do what in a group: the rules every decision starts with."""

from __future__ import annotations

from group_service.domain.errors import (
    GroupArchived,
    GroupNotFound,
    LastOwner,
    MembersOnly,
    NotAllowed,
)
from group_service.domain.model import Actor, GroupState, Role, Status

MANAGERS: frozenset[Role] = frozenset({"owner", "admin"})


def can_see(group: GroupState, actor: Actor) -> bool:
    """Secret groups exist only for their members, invitees and platform admins."""
    if not group.live:
        return False
    if group.visibility != "secret" or actor.platform_admin:
        return True
    return actor.membership.status in (Status.MEMBER, Status.INVITED)


def ensure_visible(group: GroupState, actor: Actor) -> None:
    """GroupNotFound unless the actor may know the group exists."""
    if not can_see(group, actor):
        raise GroupNotFound


def ensure_writable(group: GroupState) -> None:
    """GroupArchived while the group is read-only."""
    if group.archived:
        raise GroupArchived


def is_manager(actor: Actor) -> bool:
    """Owners, admins and platform admins manage settings, requests and invitations."""
    return actor.platform_admin or actor.role in MANAGERS


def ensure_manager(actor: Actor) -> None:
    """NotAllowed unless the actor manages the group."""
    if not is_manager(actor):
        raise NotAllowed("Only the group's owners and admins may do this.")


def may_remove(actor: Actor, target_role: Role) -> bool:
    """Owners remove anyone, admins remove moderators and members, moderators members."""
    if actor.platform_admin or actor.role == "owner":
        return True
    if actor.role == "admin":
        return target_role in ("moderator", "member")
    return actor.role == "moderator" and target_role == "member"


def may_assign(actor: Actor, current: Role, new: Role) -> bool:
    """Owners assign any role; admins move people among admin, moderator and member."""
    if actor.platform_admin or actor.role == "owner":
        return True
    return actor.role == "admin" and current != "owner" and current != "admin" and new != "owner"


def owners_without(group: GroupState, employee_id: str, inactive: frozenset[str]) -> frozenset[str]:
    """The owners left when ``employee_id`` stops being one; LastOwner if no active one stays."""
    remaining = group.owners - {employee_id}
    if employee_id in group.owners and not remaining - inactive:
        raise LastOwner
    return remaining


def ensure_members_visible(group: GroupState, actor: Actor) -> None:
    """A group's members are public in public groups, for members only otherwise."""
    ensure_visible(group, actor)
    if group.visibility != "public" and not actor.platform_admin and not actor.membership.is_member:
        raise MembersOnly
