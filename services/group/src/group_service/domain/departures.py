"""Policy decisions when an employee is deactivated or erased (no one acts: the system does).

Invariant: a live group keeps an active owner. When its last active owner goes,
the longest-standing active admin (``successor``) becomes owner; without one
the group is flagged (GroupOwnerNeeded) for a platform administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from collab_events import Event
from collab_events.group import (
    GroupInvitationDeclined,
    GroupJoinRequestRejected,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
    GroupOwnerNeeded,
    GroupOwnersChanged,
)

from group_service.domain.model import NO_CHANGE, Decision, GroupState, MembershipState, Status

Reason = Literal["deactivated", "erased"]


@dataclass(frozen=True, slots=True)
class Departure:
    """A departing employee's membership of one group and what the policy may use."""

    group_id: str
    employee_id: str
    reason: Reason
    group: GroupState
    member: MembershipState
    successor: str | None = None
    inactive: frozenset[str] = frozenset()


def decide_erasure(d: Departure) -> Decision:
    """End every relation of an erased employee with the group, keeping an owner."""
    own = _end_relation(d)
    if not own:
        return NO_CHANGE
    if d.member.role != "owner" or not d.group.live:
        return Decision(members={d.employee_id: own})
    continuity = _keep_an_owner(d, d.group.owners - {d.employee_id})
    return Decision(group=continuity.group, members={**continuity.members, d.employee_id: own})


def _end_relation(d: Departure) -> list[Event]:
    ids = {"group_id": d.group_id, "employee_id": d.employee_id}
    match d.member.status:
        case Status.MEMBER:
            return [GroupMemberRemoved(**ids, reason="erased")]
        case Status.REQUESTED:
            return [GroupJoinRequestRejected(**ids)]
        case Status.INVITED:
            return [GroupInvitationDeclined(**ids)]
    return []


def decide_deactivation(d: Departure) -> Decision:
    """When a deactivated owner was the last active one, promote or flag."""
    if not d.member.is_member or d.member.role != "owner" or not d.group.live:
        return NO_CHANGE
    return _keep_an_owner(d, d.group.owners)


def _keep_an_owner(d: Departure, owners: frozenset[str]) -> Decision:
    active = owners - d.inactive - {d.employee_id}
    changed = (
        []
        if owners == d.group.owners
        else [GroupOwnersChanged(group_id=d.group_id, owners=sorted(owners))]
    )
    if active:
        return Decision(group=changed)
    if d.successor is not None:
        promoted = GroupMemberRoleChanged(
            group_id=d.group_id, employee_id=d.successor, role="owner", previous_role="admin"
        )
        new_owners = GroupOwnersChanged(group_id=d.group_id, owners=sorted(owners | {d.successor}))
        return Decision(group=[new_owners], members={d.successor: [promoted]})
    if d.group.needs_owner:
        return Decision(group=changed)
    flag = GroupOwnerNeeded(group_id=d.group_id, former_owner_id=d.employee_id, reason=d.reason)
    return Decision(group=[*changed, flag])
