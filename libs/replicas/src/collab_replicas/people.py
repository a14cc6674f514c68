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
from servicekit.projection import EventContext, Projection, ReadModels, Setup

from collab_replicas.facts import cleared_fields, person_fields
from collab_replicas.mounting import PeopleMount, StatusListener, exclusive, unchanged
from collab_replicas.status import read_status, status_of

PEOPLE = "people"
Doc = dict[str, Any]
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

    @on(EmployeeRegistered)
    async def add_person(event: EmployeeRegistered, ctx: EventContext) -> None:
        # The registration carries the whole initial profile: replace, do not merge.
        doc = {**person_fields(event.profile, ctx.envelope.time), "active": True}
        await _write(mount, ctx, event.employee_id, lambda k, v, c: replace_if_newer(c, k, v, doc))

    @on(EmployeeProfileUpdated)
    async def update_person(event: EmployeeProfileUpdated, ctx: EventContext) -> None:
        fields = person_fields(event.changes, ctx.envelope.time)
        unset = cleared_fields(event.cleared)

        def write(key: str, version: int, people: AsyncCollection[Doc]) -> Awaitable[bool]:
            return upsert_if_newer(people, key, version, fields, unset=unset)

        await _write(mount, ctx, event.employee_id, write, sync=False)

    @on(EmployeeDeactivated)
    async def deactivate_person(event: EmployeeDeactivated, ctx: EventContext) -> None:
        await _write(mount, ctx, event.employee_id, _set_active(False))

    @on(EmployeeReactivated)
    async def reactivate_person(event: EmployeeReactivated, ctx: EventContext) -> None:
        await _write(mount, ctx, event.employee_id, _set_active(True))

    @on(EmployeeErased)
    async def forget_person(event: EmployeeErased, ctx: EventContext) -> None:
        await _erase(mount, ctx, event.employee_id)

    return mount


def _set_active(active: bool) -> Write:
    def write(key: str, version: int, people: AsyncCollection[Doc]) -> Awaitable[bool]:
        return upsert_if_newer(people, key, version, {"active": active})

    return write


async def _write(
    mount: PeopleMount, ctx: EventContext, employee_id: str, write: Write, *, sync: bool = True
) -> None:
    """Apply one version unless the person is erased; then sync listeners if needed.

    Read-then-write is safe: only this person's stream writes the document, in order.
    """
    people = ctx.models[mount.collection]
    before = await people.find_one({"_id": employee_id})
    if status_of(before).erased:
        return  # a tombstone is final: nothing personal comes back
    written = await write(employee_id, ctx.version, people)
    if sync:
        await _sync(mount, ctx.models, employee_id, written, before)


async def _erase(mount: PeopleMount, ctx: EventContext, employee_id: str) -> None:
    people = ctx.models[mount.collection]
    before = await people.find_one({"_id": employee_id}, {"active": 1, "erased": 1})
    tombstone = {"erased": True, "active": False}
    written = await replace_if_newer(people, employee_id, ctx.version, tombstone)
    await _sync(mount, ctx.models, employee_id, written, before)


async def _sync(
    mount: PeopleMount, models: ReadModels, employee_id: str, written: bool, before: Doc | None
) -> None:
    after = await read_status(models[mount.collection], employee_id)
    if not unchanged(written, before, after):
        await mount.notify(models, employee_id, after)


def _indexes(collection: str) -> Setup:
    async def create(models: ReadModels) -> None:
        people = models[collection]
        # Mentions: the active holders of a user name, newest first.
        await people.create_index([("user_name_key", 1), ("active", 1)])
        for facet in ("country", "department_key", "location_key", "language_keys"):
            await people.create_index([(facet, 1), ("active", 1)])

    return create
