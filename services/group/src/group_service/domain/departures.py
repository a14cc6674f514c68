"""Decisions when an employee is deactivated or erased (no one acts: the system does).

Invariant: a live group keeps an active owner. When its last active owner goes,
the longest-standing active admin (``successor``) becomes owner; without one
the group is flagged (GroupOwnerNeeded) for a platform administrator.
"""

from __future__ import annotations

from dataclasses import dataclass

from collab_events import Event
from collab_events.group import (
    GroupInvitationDeclined,
    GroupJoinRequestRejected,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
    GroupOwnerNeeded,
    GroupOwnersChanged,
)
from servicekit.commands import NO_CHANGE, Decision

from group_service.domain.commands import EndRelationsOfErased, KeepOwnedAfterDeactivation
from group_service.domain.model import GroupState, MembershipState, Status
from group_service.domain.streams import group_subject, member_subject

DepartureCommand = KeepOwnedAfterDeactivation | EndRelationsOfErased


@dataclass(frozen=True, slots=True)
class DepartureState:
    """The group, the departing employee's membership and what continuity may use.

    ``inactive``: the group's deactivated owners (the departing one included);
    ``successor``: the longest-standing active admin, when the departing one is an owner.
    """

    group: GroupState
    member: MembershipState
    successor: str | None = None
    inactive: frozenset[str] = frozenset()


def decide_erasure(command: EndRelationsOfErased, state: DepartureState) -> Decision:
    """End every relation of an erased employee with the group, keeping an owner."""
    own = _end_relation(command, state.member)
    if own is None:
        return NO_CHANGE
    mine = member_subject(command.group_id, command.employee_id)
    if state.member.role != "owner" or not state.group.live:
        return Decision.of(mine, own)
    continuity = _keep_an_owner(command, state, state.group.owners - {command.employee_id})
    return continuity.plus(mine, own)


def _end_relation(command: EndRelationsOfErased, member: MembershipState) -> Event | None:
    ids = {"group_id": command.group_id, "employee_id": command.employee_id}
    match member.status:
        case Status.MEMBER:
            return GroupMemberRemoved(**ids, reason="erased")
        case Status.REQUESTED:
            return GroupJoinRequestRejected(**ids)
        case Status.INVITED:
            return GroupInvitationDeclined(**ids)
    return None


def decide_deactivation(command: KeepOwnedAfterDeactivation, state: DepartureState) -> Decision:
    """When a deactivated owner was the last active one, promote or flag."""
    if not state.member.is_member or state.member.role != "owner" or not state.group.live:
        return NO_CHANGE
    return _keep_an_owner(command, state, state.group.owners)


def _keep_an_owner(
    command: DepartureCommand, state: DepartureState, owners: frozenset[str]
) -> Decision:
    group_id, departing = command.group_id, command.employee_id
    subject = group_subject(group_id)
    changed = (
        []
        if owners == state.group.owners
        else [GroupOwnersChanged(group_id=group_id, owners=sorted(owners))]
    )
    if owners - state.inactive - {departing}:
        return Decision.of(subject, *changed)
    if state.successor is not None:
        promoted = GroupMemberRoleChanged(
            group_id=group_id, employee_id=state.successor, role="owner", previous_role="admin"
        )
        new_owners = GroupOwnersChanged(
            group_id=group_id, owners=sorted(owners | {state.successor})
        )
        return Decision.of(subject, new_owners).plus(
            member_subject(group_id, state.successor), promoted
        )
    if state.group.needs_owner:
        return Decision.of(subject, *changed)
    flag = GroupOwnerNeeded(group_id=group_id, former_owner_id=departing, reason=command.reason)
    return Decision.of(subject, *changed, flag)
