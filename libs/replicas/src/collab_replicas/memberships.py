"""The memberships replica's handlers: one person's relation to one group, per
``group:<g>/member:<e>`` stream.

Status (requested, invited, member, rejected, declined, left, removed) and role come
from the membership stream, guarded by its version. ``active`` follows the person: it
is false while they are deactivated; an erased person's memberships are deleted, also
those whose events arrive after the erasure (the tombstone is read after each write).
"""

from __future__ import annotations

from typing import Any

from collab_events import Event
from collab_events.group import (
    GroupInvitationDeclined,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
)
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels, Setup

from collab_replicas.mounting import PeopleMount, exclusive
from collab_replicas.status import PersonStatus, follow_status

MEMBERSHIPS = "memberships"
Doc = dict[str, Any]
# Event type -> the status it leaves. Approval and acceptance change nothing here:
# a GroupMemberJoined follows each of them in the same stream.
STATUS: dict[type[Event], str] = {
    GroupJoinRequested: "requested",
    GroupJoinRequestRejected: "rejected",
    GroupMemberInvited: "invited",
    GroupInvitationDeclined: "declined",
    GroupMemberJoined: "member",
    GroupMemberRoleChanged: "member",
    GroupMemberLeft: "left",
    GroupMemberRemoved: "removed",
}


def membership_key(group_id: str, employee_id: str) -> str:
    """The ``_id`` of one membership (ids never contain ``/``)."""
    return f"{group_id}/{employee_id}"


def register_memberships(
    projection: Projection, people: PeopleMount, *, collection: str = MEMBERSHIPS
) -> None:
    """Mount the memberships replica next to ``people`` (same projection)."""
    on = exclusive(projection)
    projection.setup(_indexes(collection))

    async def record(event: Any, ctx: EventContext) -> None:
        await _record(ctx, people, collection, event, STATUS[type(event)])

    for event_type in STATUS:
        on(event_type)(record)

    @people.on_status_change
    async def follow_person(models: ReadModels, employee_id: str, status: PersonStatus) -> None:
        memberships = models[collection]
        if status.erased:
            await memberships.delete_many({"employee_id": employee_id})
            return
        await memberships.update_many(
            {"employee_id": employee_id, "active": {"$ne": status.active}},
            {"$set": {"active": status.active}},
        )


async def _record(
    ctx: EventContext, people: PeopleMount, collection: str, event: Any, status: str
) -> None:
    memberships = ctx.models[collection]
    key = membership_key(event.group_id, event.employee_id)
    role = getattr(event, "role", None) if status == "member" else None
    fields: Doc = {
        "group_id": event.group_id,
        "employee_id": event.employee_id,
        "status": status,
        "role": role,
    }
    if isinstance(event, GroupMemberJoined):
        fields["since"] = ctx.envelope.time
    unset = [] if status == "member" else ["since"]
    await upsert_if_newer(
        memberships, key, ctx.version, fields, unset=unset, on_insert={"active": True}
    )

    async def apply(person: PersonStatus) -> None:
        if person.erased:
            await memberships.delete_one({"_id": key})
        else:
            await memberships.update_one(
                {"_id": key, "active": {"$ne": person.active}}, {"$set": {"active": person.active}}
            )

    await follow_status(ctx.models[people.collection], event.employee_id, apply)


def _indexes(collection: str) -> Setup:
    async def create(models: ReadModels) -> None:
        memberships = models[collection]
        # Fan-out and eligibility: the active members of one group, in employee order.
        await memberships.create_index(
            [("group_id", 1), ("status", 1), ("active", 1), ("employee_id", 1)]
        )
        # Someone's groups, and their memberships on deactivation or erasure.
        await memberships.create_index([("employee_id", 1), ("status", 1)])

    return create
