"""The people replica's handlers: profile facts, active flag, erasure tombstone.

One document per employee, keyed by employee id and guarded by the version of the
``employee:<id>`` stream. Erasure replaces it by a tombstone ``{erased: true, active:
false}`` that no later event reopens, so nothing personal survives in this collection
and documents of other streams that arrive later can still see the person is gone.
Deactivation, reactivation, erasure (and a registration that ends a deactivation) tell
the mount's status listeners, which make dependent documents follow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
)
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.guarded import replace_if_newer, upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels, Setup, first_version

from collab_replicas.facts import cleared_fields, person_fields
from collab_replicas.mounting import PeopleMount, StatusListener, exclusive
from collab_replicas.status import PersonStatus, status_of

PEOPLE = "people"
Doc = dict[str, Any]
ACTIVE = PersonStatus(known=True, active=True, erased=False)
INACTIVE = PersonStatus(known=True, active=False, erased=False)
ERASED = PersonStatus(known=True, active=False, erased=True)
Write = Callable[[str, int, AsyncCollection[Doc]], Awaitable[bool]]
"""(employee id, version, people collection) -> whether it wrote."""


def register_people(
    projection: Projection,
    *,
    collection: str = PEOPLE,
    on_status_change: StatusListener | None = None,
    indexes: bool = True,
) -> PeopleMount:
    """Mount the people replica into ``projection``; returns the mount to attach listeners.

    ``indexes=False`` skips the user-name and facet indexes (for a service that only
    shows names and never looks people up by handle or audience).
    """
    mount = PeopleMount(collection)
    if on_status_change is not None:
        mount.on_status_change(on_status_change)
    on = exclusive(projection)
    if indexes:
        projection.setup(_indexes(collection))

    @on(EmployeeRegistered, batched=first_version)
    async def add_person(event: EmployeeRegistered, ctx: EventContext) -> None:
        # The registration carries the whole initial profile: replace, do not merge.
        doc = {**person_fields(event.profile, ctx.envelope.time), "active": True}
        if ctx.version == 1:  # nothing before it: no tombstone to respect, no status changes
            people = ctx.models[mount.collection]
            ctx.writes.insert_first_version(people, event.employee_id, doc)
            return

        def write(key: str, version: int, people: AsyncCollection[Doc]) -> Awaitable[bool]:
            return replace_if_newer(people, key, version, doc)

        await _write(mount, ctx, event.employee_id, write, ACTIVE)

    @on(EmployeeProfileUpdated)
    async def update_person(event: EmployeeProfileUpdated, ctx: EventContext) -> None:
        fields = person_fields(event.changes, ctx.envelope.time)
        unset = cleared_fields(event.cleared)

        def write(key: str, version: int, people: AsyncCollection[Doc]) -> Awaitable[bool]:
            return upsert_if_newer(people, key, version, fields, unset=unset)

        await _write(mount, ctx, event.employee_id, write, None)

    @on(EmployeeDeactivated)
    async def deactivate_person(event: EmployeeDeactivated, ctx: EventContext) -> None:
        await _write(mount, ctx, event.employee_id, _set_active(False), INACTIVE)

    @on(EmployeeReactivated)
    async def reactivate_person(event: EmployeeReactivated, ctx: EventContext) -> None:
        await _write(mount, ctx, event.employee_id, _set_active(True), ACTIVE)

    @on(EmployeeErased)
    async def forget_person(event: EmployeeErased, ctx: EventContext) -> None:
        people = ctx.models[mount.collection]
        tombstone = {"erased": True, "active": False}
        written = await replace_if_newer(people, event.employee_id, ctx.version, tombstone)
        await mount.notify(ctx.models, event.employee_id, ERASED if written else None)

    return mount


def _set_active(active: bool) -> Write:
    def write(key: str, version: int, people: AsyncCollection[Doc]) -> Awaitable[bool]:
        return upsert_if_newer(people, key, version, {"active": active})

    return write


async def _write(
    mount: PeopleMount,
    ctx: EventContext,
    employee_id: str,
    write: Write,
    leaves: PersonStatus | None,
) -> None:
    """Apply one version unless the person is erased; tell listeners of a status change.

    ``leaves`` is the status the write leaves (None: it changes no status). Reading
    before writing is safe: only this person's stream writes the document, in order;
    a stream's first version has nothing before it and skips the read.
    """
    people = ctx.models[mount.collection]
    before = None
    if ctx.version > 1:
        before = await people.find_one({"_id": employee_id}, {"active": 1, "erased": 1})
    if status_of(before).erased:
        return  # a tombstone is final: nothing personal comes back
    written = await write(employee_id, ctx.version, people)
    if leaves is None or (written and _same(status_of(before), leaves)):
        return  # no status changed (a write that did nothing may be a redelivery: sync)
    await mount.notify(ctx.models, employee_id, leaves if written else None)


def _same(before: PersonStatus, after: PersonStatus) -> bool:
    return (before.active, before.erased) == (after.active, after.erased)


# Indexes that older releases kept on every replica; audiences are matched in memory
# (``collab_replicas.audience``), so no query used them and each cost every write.
_UNUSED_INDEXES = (
    "country_1_active_1",
    "department_key_1_active_1",
    "location_key_1_active_1",
    "language_keys_1_active_1",
)


def _indexes(collection: str) -> Setup:
    async def create(models: ReadModels) -> None:
        people = models[collection]
        # Mentions: the active holders of a user name, newest first.
        await people.create_index([("user_name_key", 1), ("active", 1)])
        existing = {spec["name"] async for spec in await people.list_indexes()}
        for name in existing.intersection(_UNUSED_INDEXES):
            await people.drop_index(name)

    return create
