"""The follow graph: one document per relationship, ``_id = "<follower>:<followee>"``.

Counts are ``count_documents`` over indexed fields, never counters, so a
replayed event cannot skew them. Erasing an employee drops every relationship
involving them and leaves a marker, so follow events replayed later (another
partition may lag) are not applied again.
"""

from __future__ import annotations

from datetime import UTC

from collab_events.profile import EmployeeErased, EmployeeFollowed, EmployeeUnfollowed
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels, ensure_indexes

COLLECTION, ERASED = "follows", "follow_erasures"
FOLLOWS = Projection(name="follows", sources=("profile",), collections=(COLLECTION, ERASED))


@FOLLOWS.setup
async def create_follow_indexes(models: ReadModels) -> None:
    """Indexes for followers / following lists in newest-first order."""
    await ensure_indexes(
        models,
        [
            (COLLECTION, [("followee", 1), ("following", 1), ("order_key", 1)], {}),
            (COLLECTION, [("follower", 1), ("following", 1), ("order_key", 1)], {}),
        ],
    )


def follow_key(follower: str, followee: str) -> str:
    """The document id of one relationship."""
    return f"{follower}:{followee}"


async def _involves_erased(ctx: EventContext, *employee_ids: str) -> bool:
    marker = await ctx.models[ERASED].find_one({"_id": {"$in": list(employee_ids)}})
    return marker is not None


@FOLLOWS.on(EmployeeFollowed)
async def add_follow(event: EmployeeFollowed, ctx: EventContext) -> None:
    """Record that follower follows followee (since the event's time)."""
    if await _involves_erased(ctx, event.follower_id, event.followee_id):
        return
    since = ctx.envelope.time
    stamp = f"{since.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}"
    fields = {
        "follower": event.follower_id,
        "followee": event.followee_id,
        "following": True,
        "since": since,
        # newest first, unique: time, then the pair
        "order_key": f"{stamp}|{event.follower_id}|{event.followee_id}",
    }
    key = follow_key(event.follower_id, event.followee_id)
    await upsert_if_newer(ctx.models[COLLECTION], key, ctx.version, fields)


@FOLLOWS.on(EmployeeUnfollowed)
async def end_follow(event: EmployeeUnfollowed, ctx: EventContext) -> None:
    """Mark the relationship as ended (the document stays as the version guard)."""
    if await _involves_erased(ctx, event.follower_id, event.followee_id):
        return
    key = follow_key(event.follower_id, event.followee_id)
    fields = {"follower": event.follower_id, "followee": event.followee_id, "following": False}
    await upsert_if_newer(ctx.models[COLLECTION], key, ctx.version, fields)


@FOLLOWS.on(EmployeeErased)
async def drop_follows_of_erased_employee(event: EmployeeErased, ctx: EventContext) -> None:
    """Remove every relationship of the erased employee; others' counts follow from that."""
    employee_id = event.employee_id
    await ctx.models[ERASED].update_one(
        {"_id": employee_id}, {"$setOnInsert": {"erased": True}}, upsert=True
    )
    await ctx.models[COLLECTION].delete_many({"follower": employee_id})
    await ctx.models[COLLECTION].delete_many({"followee": employee_id})
