"""Read model ``timeline``: per-reader home-feed entries, written on publish (fan-out).

A post goes into the timelines of its author, the active members of its group (groups up
to ``LARGE_GROUP`` members; larger ones are merged into the home feed at read time), the
author's active followers (profile posts) and the people it mentions who may read it.
Entries have natural keys (``<reader>|<post>``): a redelivery inserts nothing twice.
Joining a group or following someone brings their recent posts in; leaving or
unfollowing takes them out. Reads still check access, so leaving ends it at once.
Membership and follow facts come from the ``replicas`` projection's collections.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collab_events.feed import PostDeleted, PostPublished
from collab_events.group import GroupMemberJoined, GroupMemberLeft, GroupMemberRemoved
from collab_events.profile import EmployeeFollowed, EmployeeUnfollowed
from servicekit.projection import EventContext, Projection, ReadModels

from feed_service.config import FeedSettings
from feed_service.projections.feed import sort_key
from feed_service.projections.names import FOLLOWS, MEMBERSHIPS, POSTS, TIMELINE

Doc = dict[str, Any]
# Members; above it a group's posts are merged at read time (COLLAB_FEED_LARGE_GROUP).
LARGE_GROUP = FeedSettings().large_group
BACKFILL = 20  # recent posts a join or follow brings into the home feed

TIMELINES = Projection(
    name="timelines", sources=("feed", "group", "profile"), collections=(TIMELINE,)
)


@TIMELINES.setup
async def create_indexes(models: ReadModels) -> None:
    """A reader's entries in order; an author's and a post's entries for removal."""
    await models[TIMELINE].create_index("rkey")
    await models[TIMELINE].create_index("post_id")
    await models[TIMELINE].create_index("seq")
    await models[TIMELINE].create_index([("reader", 1), ("group_id", 1)])
    await models[TIMELINE].create_index([("reader", 1), ("author_id", 1)])


def stream_key(reader: str, position: str) -> str:
    """The reader, then a position: ``rkey`` (post order), ``seq`` (write order).

    One single-field index each instead of compound (reader, ...) ones: SecantusDB missed
    documents under an equality plus a range when several indexes share a prefix.
    """
    return f"{reader}\x1f{position}"


def entry(reader: str, post: Doc, why: str) -> Doc:
    """One timeline entry (natural key); ``seq`` orders entries by when they were written.

    The live stream follows ``seq``, not the post's key: an entry written late (a join's
    backfill, a lagging fan-out) still comes after everything the stream sent before.
    """
    entry_id = f"{reader}|{post['_id']}"
    return {
        "_id": entry_id,
        "seq": stream_key(reader, sort_key(datetime.now(UTC), entry_id)),
        "reader": reader,
        "post_id": post["_id"],
        "key": post["key"],
        "rkey": stream_key(reader, post["key"]),
        "group_id": post.get("group_id"),
        "author_id": post["author_id"],
        "why": why,
    }


async def is_large(models: ReadModels, group_id: str) -> bool:
    """More than LARGE_GROUP active members: merged at read time instead of fanned out."""
    query = {"group_id": group_id, "status": "member", "active": True}
    return await models[MEMBERSHIPS].count_documents(query, limit=LARGE_GROUP + 1) > LARGE_GROUP


async def audience(models: ReadModels, event: PostPublished) -> dict[str, str]:
    """Reader -> why, for a new post."""
    readers = {event.author_id: "own"}
    if event.group_id is not None:
        if not await is_large(models, event.group_id):
            query = {"group_id": event.group_id, "status": "member", "active": True}
            async for doc in models[MEMBERSHIPS].find(query, {"employee_id": 1}):
                readers.setdefault(doc["employee_id"], "member")
    else:
        query = {"followee_id": event.author_id, "following": True, "active": True}
        async for doc in models[FOLLOWS].find(query, {"follower_id": 1}):
            readers.setdefault(doc["follower_id"], "follow")
    public = event.visibility in ("public", "profile")
    for mentioned in event.mentions:  # in a private or secret group only members read it
        if public or mentioned in readers:
            readers[mentioned] = "mention"
    return readers


@TIMELINES.on(PostPublished, batched=True)
async def fan_out(event: PostPublished, ctx: EventContext) -> None:
    """Insert the post into every reader's timeline, in one bulk write per batch."""
    post = {
        "_id": event.post_id,
        "key": sort_key(ctx.envelope.time, event.post_id),
        "group_id": event.group_id,
        "author_id": event.author_id,
    }
    for reader, why in (await audience(ctx.models, event)).items():
        ctx.writes.insert_if_absent(ctx.models[TIMELINE], entry(reader, post, why))


@TIMELINES.on(PostDeleted)
async def remove_everywhere(event: PostDeleted, ctx: EventContext) -> None:
    """A deleted post leaves every timeline."""
    await ctx.models[TIMELINE].delete_many({"post_id": event.post_id})


async def _backfill(ctx: EventContext, reader: str, query: Doc, why: str) -> None:
    posts = ctx.models[POSTS].find(query).sort("key", -1).limit(BACKFILL)
    for post in await posts.to_list(BACKFILL):
        ctx.writes.insert_if_absent(ctx.models[TIMELINE], entry(reader, post, why))


@TIMELINES.on(GroupMemberJoined)
async def bring_group_posts(event: GroupMemberJoined, ctx: EventContext) -> None:
    """A new member's home feed gets the group's recent posts (small groups)."""
    if not await is_large(ctx.models, event.group_id):
        query = {"group_id": event.group_id, "deleted": False, "key": {"$gt": ""}}
        await _backfill(ctx, event.employee_id, query, "member")


@TIMELINES.on(GroupMemberLeft)
async def drop_group_posts(event: GroupMemberLeft, ctx: EventContext) -> None:
    """Leaving takes the group's posts out of the home feed."""
    await _drop(ctx, event.employee_id, event.group_id)


@TIMELINES.on(GroupMemberRemoved)
async def drop_group_posts_of_removed(event: GroupMemberRemoved, ctx: EventContext) -> None:
    """So does being removed."""
    await _drop(ctx, event.employee_id, event.group_id)


async def _drop(ctx: EventContext, reader: str, group_id: str) -> None:
    await ctx.models[TIMELINE].delete_many({"reader": reader, "group_id": group_id})


@TIMELINES.on(EmployeeFollowed)
async def bring_followee_posts(event: EmployeeFollowed, ctx: EventContext) -> None:
    """Following someone brings their recent profile posts."""
    query = {"author_id": event.followee_id, "deleted": False, "key": {"$gt": ""}}
    await _backfill(ctx, event.follower_id, {**query, "group_id": None}, "follow")


@TIMELINES.on(EmployeeUnfollowed)
async def drop_followee_posts(event: EmployeeUnfollowed, ctx: EventContext) -> None:
    """Unfollowing takes them out again (entries for other reasons stay)."""
    query = {"reader": event.follower_id, "author_id": event.followee_id, "why": "follow"}
    await ctx.models[TIMELINE].delete_many(query)
