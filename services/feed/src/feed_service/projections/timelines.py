"""Read model ``timeline``: per-reader home-feed entries, written on publish (fan-out).

A post goes into the timelines of its author, the active members of its group (groups up
to ``LARGE_GROUP`` members; larger ones are merged into the home feed at read time), the
author's active followers (profile posts) and the people it mentions who may read it.
Entries have natural keys (``<reader>|<post>``): a redelivery inserts nothing twice.
Joining a group or following someone brings their recent posts in; leaving or
unfollowing takes them out. Reads still check access, so leaving ends it at once.
Membership and follow facts come from the ``replicas`` projection's collections.

A group found larger than ``LARGE_GROUP`` gets a marker in ``large_groups`` before its
post is left out of the fan-out, and keeps it: every post that was not fanned out is in a
marked group, so the home feed merges exactly the marked groups (a post that was fanned
out before is merged once, by its id). The marker spares counting members on every read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from collab_events.feed import PostDeleted, PostPublished
from collab_events.group import GroupMemberJoined, GroupMemberLeft, GroupMemberRemoved
from collab_events.profile import EmployeeFollowed, EmployeeUnfollowed
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.batches import kept_in_range
from servicekit.projection import EventContext, Projection, ReadModels

from feed_service.config import FeedSettings
from feed_service.projections.feed import sort_key
from feed_service.projections.names import FOLLOWS, MEMBERSHIPS, POSTS, TIMELINE

Doc = dict[str, Any]
# Members; above it a group's posts are merged at read time (COLLAB_FEED_LARGE_GROUP).
LARGE_GROUP = FeedSettings().large_group
BACKFILL = 20  # recent posts a join or follow brings into the home feed
LARGE_GROUPS = "large_groups"  # {_id: group id}: groups whose posts are merged at read time
# Newest-first reads look back over widening windows: SecantusDB materialises every match
# of a range before its limit, so a window keeps a read of the newest few bounded.
WINDOWS = (timedelta(days=2), timedelta(days=30), None)

TIMELINES = Projection(
    name="timelines",
    sources=("feed", "group", "profile"),
    collections=(TIMELINE, LARGE_GROUPS),
)


@TIMELINES.setup
async def create_indexes(models: ReadModels) -> None:
    """A reader's entries in post and in write order, by group; a post's entries.

    Every index costs on each of a fan-out's inserts: an unfollow reads the reader's (at
    most ~800) entries by ``rkey`` instead of an index of its own.
    """
    await models[TIMELINE].create_index("rkey")
    await models[TIMELINE].create_index("post_id")
    await models[TIMELINE].create_index("seq")
    await models[TIMELINE].create_index([("reader", 1), ("group_id", 1)])
    if "reader_1_author_id_1" in await models[TIMELINE].index_information():
        await models[TIMELINE].drop_index("reader_1_author_id_1")  # an older release's


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
    """Marked large, or more than LARGE_GROUP active members now (then marked for good)."""
    if await models[LARGE_GROUPS].find_one({"_id": group_id}) is not None:
        return True
    query = {"group_id": group_id, "status": "member", "active": True}
    if await models[MEMBERSHIPS].count_documents(query, limit=LARGE_GROUP + 1) <= LARGE_GROUP:
        return False
    marker = {"$setOnInsert": {"large": True}}
    await models[LARGE_GROUPS].update_one({"_id": group_id}, marker, upsert=True)
    return True


async def large_among(models: ReadModels, group_ids: list[str]) -> list[str]:
    """The marked large groups among ``group_ids`` (their posts are merged at read time)."""
    if not group_ids:
        return []
    found = models[LARGE_GROUPS].find({"_id": {"$in": group_ids}}, {"_id": 1})
    return sorted([doc["_id"] async for doc in found])


def key_at(at: datetime) -> str:
    """The smallest ``sort_key`` of a moment (keys start with the time)."""
    return sort_key(at, "")


def time_of(key: str) -> datetime:
    """The moment a ``sort_key`` starts with."""
    return datetime.strptime(key.partition("|")[0], "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)


def windows(bounds: tuple[str, str], prefix: str, now: datetime) -> list[tuple[str, str]]:
    """``bounds`` (lower, upper; both exclusive) cut into WINDOWS, newest first.

    Values are ``prefix`` + a ``sort_key``; windows reach back from the upper bound's time
    (``now`` when it is above every key) and together cover the bounds without overlap.
    """
    low, high = bounds
    top = high[len(prefix) :]
    try:
        start = time_of(top) if top < "\x7f" else now
        edges = [prefix + key_at(start - w) if w is not None else low for w in WINDOWS]
    except (ValueError, OverflowError):  # a client's cursor whose key names no moment
        return [(low, high)] if low < high else []
    cuts, upper = [], high
    for edge in edges:
        lower = max(low, edge)
        if lower < upper:
            cuts.append((lower, upper))
            upper = lower
    return cuts


def live(doc: Doc) -> bool:
    """A post that is not deleted."""
    return doc.get("deleted") is False


async def newest(
    collection: AsyncCollection[Doc],
    query: Doc,
    field: str,
    bounds: tuple[str, str],
    limit: int,
    prefix: str = "",
    keep: Callable[[Doc], bool] | None = None,
) -> list[Doc]:
    """Up to ``limit`` documents of ``query`` newest first by ``field`` between ``bounds``.

    ``field`` holds ``prefix`` + a ``sort_key``; the windows are read newest first, each
    one a bounded range, until ``limit`` are found. ``keep`` filters what is read (the
    query holds only the index's fields): a window is read on below the last document
    read until ``limit`` are kept or it is exhausted.
    """
    found: list[Doc] = []
    for lower, upper in windows(bounds, prefix, datetime.now(UTC)):
        found += await kept_in_range(
            collection, query, field, above=lower, below=upper, keep=keep,
            count=limit - len(found),
        )  # fmt: skip
        if len(found) >= limit:
            break
    return found


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


async def recent_posts(
    models: ReadModels, query: Doc, keep: Callable[[Doc], bool] = live
) -> list[Doc]:
    """The newest BACKFILL posts of ``query`` (an equality on an indexed prefix) ``keep``
    keeps (live ones)."""
    bounds = ("", "\x7f")
    return await newest(models[POSTS], query, "key", bounds, BACKFILL, keep=keep)


def _backfill(ctx: EventContext, reader: str, posts: list[Doc], why: str) -> None:
    for post in posts:
        ctx.writes.insert_if_absent(ctx.models[TIMELINE], entry(reader, post, why))


@TIMELINES.on(GroupMemberJoined, batched=True)
async def bring_group_posts(event: GroupMemberJoined, ctx: EventContext) -> None:
    """A new member's home feed gets the group's recent posts (small groups).

    The posts are read first: a group without any (a seed, a new group) costs no count.
    Batched: it reads what other projections wrote and only queues natural-key inserts
    (a leave after it in the same batch runs after they are sent).
    """
    posts = await recent_posts(ctx.models, {"group_id": event.group_id})
    if posts and not await is_large(ctx.models, event.group_id):
        _backfill(ctx, event.employee_id, posts, "member")


@TIMELINES.on(GroupMemberLeft)
async def drop_group_posts(event: GroupMemberLeft, ctx: EventContext) -> None:
    """Leaving takes the group's posts out of the home feed."""
    await _drop(ctx, event.employee_id, event.group_id)


@TIMELINES.on(GroupMemberRemoved)
async def drop_group_posts_of_removed(event: GroupMemberRemoved, ctx: EventContext) -> None:
    """So does being removed."""
    await _drop(ctx, event.employee_id, event.group_id)


def entries_of(reader: str) -> Doc:
    """Every timeline entry of ``reader``: one range of the ``rkey`` index."""
    return {"rkey": {"$gt": stream_key(reader, ""), "$lt": stream_key(reader, "\x7f")}}


async def _drop(ctx: EventContext, reader: str, group_id: str) -> None:
    await ctx.models[TIMELINE].delete_many({"reader": reader, "group_id": group_id})


@TIMELINES.on(EmployeeFollowed, batched=True)
async def bring_followee_posts(event: EmployeeFollowed, ctx: EventContext) -> None:
    """Following someone brings their recent profile posts (batched, as a join)."""
    query = {"author_id": event.followee_id}  # the (author, key) index; profile posts kept

    def on_profile(doc: Doc) -> bool:
        return live(doc) and doc.get("group_id") is None

    posts = await recent_posts(ctx.models, query, on_profile)
    _backfill(ctx, event.follower_id, posts, "follow")


@TIMELINES.on(EmployeeUnfollowed)
async def drop_followee_posts(event: EmployeeUnfollowed, ctx: EventContext) -> None:
    """Unfollowing takes them out again (entries for other reasons stay)."""
    fields = {"author_id": 1, "why": 1}
    entries = ctx.models[TIMELINE].find(entries_of(event.follower_id), fields)
    ids = [
        doc["_id"]
        async for doc in entries
        if doc.get("author_id") == event.followee_id and doc.get("why") == "follow"
    ]
    if ids:
        await ctx.models[TIMELINE].delete_many({"_id": {"$in": ids}})
