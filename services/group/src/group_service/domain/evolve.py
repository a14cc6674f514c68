"""Fold events into state: ``evolve(state, event) -> state`` for both stream kinds."""

from __future__ import annotations

from dataclasses import replace

from collab_events import Event
from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupDeleted,
    GroupInvitationAccepted,
    GroupInvitationDeclined,
    GroupJoinRequestApproved,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
    GroupOwnerNeeded,
    GroupOwnersChanged,
    GroupSettingsChanged,
    GroupUnarchived,
)

from group_service.domain.model import GroupState, MembershipState, Status


def evolve_group(state: GroupState, event: Event) -> GroupState:
    """The group after ``event``."""
    match event:
        case GroupCreated():
            return GroupState(
                exists=True,
                title=event.title,
                description=event.description,
                language=event.language,
                tags=tuple(event.tags),
                visibility=event.visibility,
                join_policy=event.join_policy,
                owners=frozenset({event.owner_id}),
            )
        case GroupSettingsChanged():
            return apply_settings(state, event)
        case GroupArchived():
            return replace(state, archived=True)
        case GroupUnarchived():
            return replace(state, archived=False)
        case GroupDeleted():
            return replace(state, deleted=True)
        case GroupOwnersChanged():
            owners = frozenset(event.owners)
            # A flagged group is fixed as soon as someone new becomes owner.
            return replace(
                state, owners=owners, needs_owner=state.needs_owner and not owners - state.owners
            )
        case GroupOwnerNeeded():
            return replace(state, needs_owner=True)
    return state


def apply_settings(state: GroupState, event: GroupSettingsChanged) -> GroupState:
    """The group with the changed settings applied (null fields stay)."""
    changes = {k: v for k, v in event.model_dump(exclude={"group_id"}).items() if v is not None}
    if "tags" in changes:
        changes["tags"] = tuple(changes["tags"])
    return replace(state, **changes)


def evolve_membership(state: MembershipState, event: Event) -> MembershipState:
    """The membership after ``event``."""
    match event:
        case GroupJoinRequested():
            return MembershipState(Status.REQUESTED)
        case GroupJoinRequestRejected():
            return MembershipState(Status.REJECTED)
        case GroupMemberInvited():
            return MembershipState(Status.INVITED)
        case GroupInvitationDeclined():
            return MembershipState(Status.DECLINED)
        case GroupMemberJoined():
            return MembershipState(Status.MEMBER, event.role)
        case GroupMemberRoleChanged():
            return replace(state, role=event.role)
        case GroupMemberLeft():
            return MembershipState(Status.LEFT)
        case GroupMemberRemoved():
            return MembershipState(Status.REMOVED)
        case GroupJoinRequestApproved() | GroupInvitationAccepted():
            return state  # a GroupMemberJoined follows in the same append
    return state
