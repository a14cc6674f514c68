"""The home feed: my timeline entries merged with the posts of my large groups, newest first.

Every candidate is checked with the same access rule as any read (leaving a group ends
it at once, a deleted or hidden post is skipped), and a reader's timeline is cut to
``TIMELINE_SIZE`` entries when its first page is read.
"""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.projections.names import POSTS, TIMELINE
from feed_service.projections.timelines import is_large, stream_key
from feed_service.queries.reader import BATCH, MAX_SCAN, PostReader
from feed_service.queries.views import PostPage

Doc = dict[str, Any]
TIMELINE_SIZE = 800


async def _large_groups(reader: PostReader) -> list[str]:
    groups = await reader.replicas.groups.groups_of(reader.caller.employee_id)
    return [m.group_id for m in groups if await is_large(reader.models, m.group_id)]


def _mine(reader_id: str, before: str | None = None) -> Doc:
    """The range of a reader's ``rkey`` values (before a post key, if given)."""
    upper = stream_key(reader_id, before) if before else stream_key(reader_id, "\x7f")
    return {"$gt": stream_key(reader_id, ""), "$lt": upper}


async def trim_timeline(reader: PostReader) -> None:
    """Keep the newest TIMELINE_SIZE entries of the caller's timeline."""
    timeline, me = reader.models[TIMELINE], reader.caller.employee_id
    query = {"rkey": _mine(me)}
    edge = await timeline.find(query, {"rkey": 1}).sort("rkey", -1).skip(TIMELINE_SIZE).to_list(1)
    if edge:
        await timeline.delete_many({"rkey": {"$gt": stream_key(me, ""), "$lte": edge[0]["rkey"]}})


async def _candidates(reader: PostReader, large: list[str], last: str | None) -> list[Doc]:
    """The next BATCH (post id, key) candidates after ``last``, newest first."""
    key_range = {"$lt": last} if last else {"$gt": ""}
    me = reader.caller.employee_id
    mine = {"rkey": _mine(me, last)}
    found = await reader.models[TIMELINE].find(mine).sort("rkey", -1).to_list(BATCH)
    if large:
        query = {"group_id": {"$in": large}, "key": key_range, "deleted": False}
        cursor = reader.models[POSTS].find(query, {"key": 1}).sort("key", -1)
        found += [{"post_id": d["_id"], "key": d["key"]} for d in await cursor.to_list(BATCH)]
    unique = {d["post_id"]: d for d in sorted(found, key=lambda d: d["key"], reverse=True)}
    return list(unique.values())[:BATCH]


async def readable_home(
    reader: PostReader, after: str | None, limit: int
) -> tuple[list[Doc], str | None]:
    """Up to ``limit`` readable home-feed posts after key ``after``, newest first; next key."""
    large = await _large_groups(reader)
    found: list[Doc] = []
    last, scanned = after, 0
    while scanned < MAX_SCAN:
        batch = await _candidates(reader, large, last)
        ids = [c["post_id"] for c in batch]
        docs = {d["_id"]: d async for d in reader.models[POSTS].find({"_id": {"$in": ids}})}
        for candidate in batch:
            scanned, last = scanned + 1, candidate["key"]
            doc = docs.get(candidate["post_id"])
            if doc is not None and await reader.may_read(doc):
                found.append(doc)
                if len(found) > limit:
                    return found[:limit], found[limit - 1]["key"]
        if len(batch) < BATCH:
            return found, None
    return found, last


async def home_feed(reader: PostReader, cursor: str | None, limit: int) -> PostPage:
    """Posts of my groups, of people I follow, my own and those mentioning me, newest first."""
    after = decode_cursor(cursor)
    if after is None:
        await trim_timeline(reader)
    docs, key = await readable_home(reader, after, limit)
    next_cursor = encode_cursor(key) if key is not None else None
    return PostPage(items=await reader.views(docs), next_cursor=next_cursor)
