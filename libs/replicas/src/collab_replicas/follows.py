"""The follows replica's handlers: who follows whom, per ``follow:<a>/<b>`` stream.

One document per follower/followee pair, guarded by its stream's version; an unfollow
keeps the document (``following: false``) so that the guard keeps working. ``active``
follows the follower's status; the followee's status is checked when reading. An edge of
an erased person (either side) is deleted, also when the follow event arrives after the
erasure: the tombstone in ``people`` is read after every edge write.
"""

from __future__ import annotations

from typing import Any

from collab_events.profile import EmployeeFollowed, EmployeeUnfollowed
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels, Setup

from collab_replicas.mounting import PeopleMount, exclusive
from collab_replicas.status import PersonStatus, follow_status, read_status

FOLLOWS = "follows"
Doc = dict[str, Any]


def edge_key(follower_id: str, followee_id: str) -> str:
    """The ``_id`` of one follow edge (ids never contain ``/``)."""
    return f"{follower_id}/{followee_id}"


def register_follows(
    projection: Projection, people: PeopleMount, *, collection: str = FOLLOWS
) -> None:
    """Mount the follows replica next to ``people`` (same projection) into ``projection``."""
    on = exclusive(projection)
    projection.setup(_indexes(collection))

    @on(EmployeeFollowed)
    async def add_follow(event: EmployeeFollowed, ctx: EventContext) -> None:
        await _record(ctx, people, collection, event.follower_id, event.followee_id, True)

    @on(EmployeeUnfollowed)
    async def end_follow(event: EmployeeUnfollowed, ctx: EventContext) -> None:
        await _record(ctx, people, collection, event.follower_id, event.followee_id, False)

    @people.on_status_change
    async def follow_person(models: ReadModels, employee_id: str, status: PersonStatus) -> None:
        edges = models[collection]
        if status.erased:
            await edges.delete_many({"follower_id": employee_id})
            await edges.delete_many({"followee_id": employee_id})
            return
        await edges.update_many(
            {"follower_id": employee_id, "active": {"$ne": status.active}},
            {"$set": {"active": status.active}},
        )


async def _record(
    ctx: EventContext,
    people: PeopleMount,
    collection: str,
    follower_id: str,
    followee_id: str,
    following: bool,
) -> None:
    edges, key = ctx.models[collection], edge_key(follower_id, followee_id)
    fields = {"follower_id": follower_id, "followee_id": followee_id, "following": following}
    await upsert_if_newer(edges, key, ctx.version, fields, on_insert={"active": True})
    if (await read_status(ctx.models[people.collection], followee_id)).erased:
        await edges.delete_one({"_id": key})
        return

    async def apply(status: PersonStatus) -> None:
        if status.erased:
            await edges.delete_one({"_id": key})
        else:
            await edges.update_one(
                {"_id": key, "active": {"$ne": status.active}}, {"$set": {"active": status.active}}
            )

    await follow_status(ctx.models[people.collection], follower_id, apply)


def _indexes(collection: str) -> Setup:
    async def create(models: ReadModels) -> None:
        edges = models[collection]
        # Fan-out: the active followers of one author, in follower order (paged).
        await edges.create_index(
            [("followee_id", 1), ("following", 1), ("active", 1), ("follower_id", 1)]
        )
        await edges.create_index("follower_id")  # a person's edges on deactivation or erasure

    return create
