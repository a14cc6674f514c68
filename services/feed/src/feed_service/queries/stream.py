"""The live home feed as Server-Sent Events: new timeline entries as they are written.

Entries are followed by ``seq`` (when written), so ``Last-Event-ID`` resumes after the last
event sent, without loss or repeats. Each poll checks access afresh (a reader built per
poll), and a comment line goes out after ``heartbeat_s`` of silence to keep proxies open.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from feed_service.projections.feed import sort_key
from feed_service.projections.names import POSTS, TIMELINE
from feed_service.projections.timelines import stream_key
from feed_service.queries.reader import PostReader

Doc = dict[str, Any]

PAGE = 100
# Timeline entries and post documents come from two projections: an entry whose post is
# not there yet is waited for this long (then taken as deleted) instead of skipped.
PROJECTION_GRACE_S = 30.0


def start_after(last_event_id: str | None) -> str:
    """Where a stream starts: after the client's last event, else at the present."""
    return last_event_id or sort_key(datetime.now(UTC), "")


async def _new_events(reader: PostReader, after: str) -> tuple[list[str], str]:
    """SSE frames of the readable entries written after ``after``, and the new position.

    One range on the single-field ``seq`` index (reader, then write time): SecantusDB
    missed entries of an equality plus a range over a compound index here.
    """
    me = reader.caller.employee_id
    query = {"seq": {"$gt": stream_key(me, after), "$lt": stream_key(me, "\x7f")}}
    entries = await reader.models[TIMELINE].find(query).sort("seq", 1).to_list(PAGE)
    ids = list({entry["post_id"] for entry in entries})
    posts = {d["_id"]: d async for d in reader.models[POSTS].find({"_id": {"$in": ids}})}
    shown: list[tuple[str, Doc]] = []
    for entry in entries:
        position = entry["seq"].partition("\x1f")[2]
        doc = posts.get(entry["post_id"])
        if doc is None and _written_within(position, PROJECTION_GRACE_S):
            break  # the timelines projection ran ahead of the posts one: wait, do not skip
        after = position
        if doc is not None and await reader.may_read(doc):
            shown.append((after, doc))
    views = await reader.views([doc for _, doc in shown])
    frames = [
        f"id: {at}\nevent: post\ndata: {view.model_dump_json()}\n\n"
        for (at, _), view in zip(shown, views, strict=True)
    ]
    return frames, after


def _written_within(position: str, seconds: float) -> bool:
    """Whether a ``seq`` position (write time, then the entry) is younger than ``seconds``."""
    try:
        written = datetime.strptime(position.partition("|")[0], "%Y%m%dT%H%M%S.%f")
    except ValueError:
        return False
    return (datetime.now(UTC) - written.replace(tzinfo=UTC)).total_seconds() < seconds


async def feed_events(
    new_reader: Callable[[], PostReader],
    last_event_id: str | None,
    disconnected: Callable[[], Awaitable[bool]],
    *,
    poll_s: float = 0.2,
    heartbeat_s: float = 15.0,
) -> AsyncIterator[str]:
    """SSE frames of my home feed's new items until the client goes away."""
    after, quiet = start_after(last_event_id), 0.0
    yield "retry: 1000\n\n"
    while not await disconnected():
        frames, after = await _new_events(new_reader(), after)
        for frame in frames:
            yield frame
        if frames:
            quiet = 0.0
            continue
        await asyncio.sleep(poll_s)
        quiet += poll_s
        if quiet >= heartbeat_s:
            yield ": heartbeat\n\n"
            quiet = 0.0
