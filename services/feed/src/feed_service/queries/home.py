"""The home feed: my timeline entries merged with the posts of my large groups, newest first.

Every candidate is checked with the same access rule as any read (leaving a group ends
it at once, a deleted or hidden post is skipped), and a reader's timeline is cut to
``TIMELINE_SIZE`` entries when its first page is read (at most once a minute per process).
A page reads bounded ranges only: a few newest-first windows of the timeline and of each
large group, and the candidates' posts by id.
"""

from __future__ import annotations

import time
from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.projections.names import MEMBERSHIPS, POSTS, TIMELINE
from feed_service.projections.timelines import large_among, live, newest, stream_key
from feed_service.queries.reader import BATCH, MAX_SCAN, PostReader
from feed_service.queries.views import PostPage

Doc = dict[str, Any]
TIMELINE_SIZE = 800
# A reader's timeline is cut at most this often per API process: the cut reads all of it.
TRIM_EVERY_S = 60.0
_TRIMMED: dict[str, float] = {}  # reader -> monotonic time of the last cut in this process
TOP = "\x7f"  # above every key


async def _large_groups(reader: PostReader) -> list[str]:
    """The marked large groups the caller is an active member of (access is checked later)."""
    query = {"employee_id": reader.caller.employee_id, "status": "member"}  # the index's
    found = reader.models[MEMBERSHIPS].find(query, {"group_id": 1, "active": 1})
    groups = [doc["group_id"] async for doc in found if doc.get("active") is True]
    return await large_among(reader.models, groups)


async def trim_timeline(reader: PostReader) -> None:
    """Keep the newest TIMELINE_SIZE entries of the caller's timeline (TRIM_EVERY_S apart)."""
    timeline, me, now = reader.models[TIMELINE], reader.caller.employee_id, time.monotonic()
    if now - _TRIMMED.get(me, -TRIM_EVERY_S) < TRIM_EVERY_S:
        return
    if len(_TRIMMED) > 100_000:
        _TRIMMED.clear()
    _TRIMMED[me] = now
    query = {"rkey": {"$gt": stream_key(me, ""), "$lt": stream_key(me, TOP)}}
    edge = await timeline.find(query, {"rkey": 1}).sort("rkey", -1).skip(TIMELINE_SIZE).to_list(1)
    if edge:
        await timeline.delete_many({"rkey": {"$gt": stream_key(me, ""), "$lte": edge[0]["rkey"]}})


async def _candidates(
    reader: PostReader, large: list[str], last: str | None, size: int
) -> list[Doc]:
    """The next ``size`` (post id, key) candidates below ``last``, newest first.

    Each source is read newest first over bounded windows (``timelines.newest``): the
    caller's timeline entries, then each large group's live posts.
    """
    me, upper = reader.caller.employee_id, last or TOP
    bounds = (stream_key(me, ""), stream_key(me, upper))
    found = await newest(reader.models[TIMELINE], {}, "rkey", bounds, size, stream_key(me, ""))
    for group_id in large:
        query = {"group_id": group_id}
        posts = await newest(reader.models[POSTS], query, "key", ("", upper), size, keep=live)
        found += [{"post_id": d["_id"], "key": d["key"]} for d in posts]
    unique = {d["post_id"]: d for d in sorted(found, key=lambda d: d["key"], reverse=True)}
    return list(unique.values())[:size]


async def readable_home(
    reader: PostReader, after: str | None, limit: int
) -> tuple[list[Doc], str | None]:
    """Up to ``limit`` readable home-feed posts after key ``after``, newest first; next key.

    The first batch asks for one more candidate than the page needs (most are readable);
    later ones for BATCH.
    """
    large = await _large_groups(reader)
    found: list[Doc] = []
    last, scanned, size = after, 0, min(BATCH, limit + 1)
    while scanned < MAX_SCAN:
        batch = await _candidates(reader, large, last, size)
        ids = [c["post_id"] for c in batch]
        docs = {d["_id"]: d async for d in reader.models[POSTS].find({"_id": {"$in": ids}})}
        for candidate in batch:
            scanned, last = scanned + 1, candidate["key"]
            doc = docs.get(candidate["post_id"])
            if doc is not None and await reader.may_read(doc):
                found.append(doc)
                if len(found) > limit:
                    return found[:limit], found[limit - 1]["key"]
        if len(batch) < size:
            return found, None
        size = BATCH
    return found, last


async def home_feed(reader: PostReader, cursor: str | None, limit: int) -> PostPage:
    """Posts of my groups, of people I follow, my own and those mentioning me, newest first."""
    after = decode_cursor(cursor)
    if after is None:
        await trim_timeline(reader)
    docs, key = await readable_home(reader, after, limit)
    next_cursor = encode_cursor(key) if key is not None else None
    return PostPage(items=await reader.views(docs), next_cursor=next_cursor)
