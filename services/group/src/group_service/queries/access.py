"""Who may see what, decided from the read models with the domain's own rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from servicekit.projection import ReadModels

from group_service.domain.access import can_see, ensure_members_visible, ensure_visible
from group_service.domain.errors import GroupNotFound
from group_service.domain.model import Actor, Caller, GroupState, MembershipState, Status
from group_service.domain.streams import member_subject
from group_service.projections.names import GROUPS, MEMBERSHIPS

Doc = dict[str, Any]


def group_state(doc: Doc) -> GroupState:
    """The access-relevant part of a ``groups`` document as domain state."""
    return GroupState(
        exists=True,
        deleted=doc.get("deleted", False),
        archived=doc.get("archived", False),
        visibility=doc["visibility"],
        join_policy=doc["join_policy"],
        owners=frozenset(doc.get("owners", [])),
        needs_owner=doc.get("needs_owner", False),
    )


def membership_state(group: Doc, membership: Doc | None, employee_id: str) -> MembershipState:
    """The viewer's membership; owners named on the group count even before their
    membership document is projected (both are written by one command)."""
    if membership is not None and membership["status"] != Status.NONE:
        return MembershipState(Status(membership["status"]), membership.get("role"))
    if employee_id in group.get("owners", []):
        return MembershipState(Status.MEMBER, "owner")
    return MembershipState()


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group document the viewer may see, with the viewer as the domain sees them."""

    doc: Doc
    state: GroupState
    actor: Actor


async def view_group(models: ReadModels, group_id: str, viewer: Caller) -> GroupView:
    """The group if the viewer may know it exists; GroupNotFound otherwise."""
    doc = await models[GROUPS].find_one({"_id": group_id})
    if doc is None:
        raise GroupNotFound
    membership = await models[MEMBERSHIPS].find_one(
        {"_id": member_subject(group_id, viewer.employee_id)}
    )
    view = GroupView(
        doc, group_state(doc), viewer.actor(membership_state(doc, membership, viewer.employee_id))
    )
    ensure_visible(view.state, view.actor)
    return view


async def view_members_of(models: ReadModels, group_id: str, viewer: Caller) -> GroupView:
    """The group if the viewer may see its members; GroupNotFound or MembersOnly otherwise."""
    view = await view_group(models, group_id, viewer)
    ensure_members_visible(view.state, view.actor)
    return view


def visible_to(doc: Doc, viewer: Caller, memberships: dict[str, Doc]) -> bool:
    """True when ``viewer`` (whose memberships by group id are given) may see the group."""
    state = membership_state(doc, memberships.get(doc["_id"]), viewer.employee_id)
    return can_see(group_state(doc), viewer.actor(state))
