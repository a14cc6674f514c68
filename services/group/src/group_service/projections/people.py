"""Read model ``people``: this service's copy of employee display data (from profile events).

Only what member lists show is kept: name, job title, department, active flag.
Erasure replaces the document by a tombstone without personal data (its
version guard keeps replayed older events from restoring anything) and
removes the person's memberships.
"""

from __future__ import annotations

from typing import Any

from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
    ProfileFields,
)
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels

from group_service.projections.counts import MEMBERSHIPS, recount
from group_service.projections.keys import bucket_of

PEOPLE = "people"
DISPLAY_FIELDS = ("display_name", "given_name", "family_name", "job_title", "department")
Doc = dict[str, Any]


def is_active(person: Doc | None) -> bool:
    """Unknown people count as active until a profile event says otherwise."""
    return person is None or (bool(person.get("active", True)) and not person.get("erased"))


def _display(fields: ProfileFields) -> Doc:
    return {k: getattr(fields, k) for k in DISPLAY_FIELDS if getattr(fields, k) is not None}


async def sync_memberships(models: ReadModels, employee_id: str) -> None:
    """Make the person's memberships follow their state and recount their groups.

    Idempotent under redelivery: a replay recounts again, and an erasure deletes
    the memberships only after the counts no longer include them.
    """
    person = await models[PEOPLE].find_one({"_id": employee_id})
    active, memberships = is_active(person), models[MEMBERSHIPS]
    await memberships.update_many(
        {"employee_id": employee_id, "active": {"$ne": active}}, {"$set": {"active": active}}
    )
    member_of = memberships.find({"employee_id": employee_id, "status": "member"}, {"group_id": 1})
    for group_id in dict.fromkeys([doc["group_id"] async for doc in member_of]):
        await recount(models, group_id, bucket_of(employee_id))
    if person is not None and person.get("erased"):
        await memberships.delete_many({"employee_id": employee_id})


def register_people_handlers(projection: Projection) -> None:
    """Handlers of the profile events."""

    @projection.on(EmployeeRegistered)
    async def add_person(event: EmployeeRegistered, ctx: EventContext) -> None:
        await upsert_if_newer(
            ctx.models[PEOPLE],
            event.employee_id,
            ctx.version,
            {**_display(event.profile), "active": True},
        )

    @projection.on(EmployeeProfileUpdated)
    async def update_person(event: EmployeeProfileUpdated, ctx: EventContext) -> None:
        cleared = [f for f in event.cleared if f in DISPLAY_FIELDS]
        await upsert_if_newer(
            ctx.models[PEOPLE],
            event.employee_id,
            ctx.version,
            _display(event.changes),
            unset=cleared,
        )

    @projection.on(EmployeeDeactivated)
    async def deactivate_person(event: EmployeeDeactivated, ctx: EventContext) -> None:
        await upsert_if_newer(ctx.models[PEOPLE], event.employee_id, ctx.version, {"active": False})
        await sync_memberships(ctx.models, event.employee_id)

    @projection.on(EmployeeReactivated)
    async def reactivate_person(event: EmployeeReactivated, ctx: EventContext) -> None:
        await upsert_if_newer(ctx.models[PEOPLE], event.employee_id, ctx.version, {"active": True})
        await sync_memberships(ctx.models, event.employee_id)

    @projection.on(EmployeeErased)
    async def forget_person(event: EmployeeErased, ctx: EventContext) -> None:
        await upsert_if_newer(
            ctx.models[PEOPLE],
            event.employee_id,
            ctx.version,
            {"erased": True, "active": False},
            unset=list(DISPLAY_FIELDS),
        )
        await sync_memberships(ctx.models, event.employee_id)
