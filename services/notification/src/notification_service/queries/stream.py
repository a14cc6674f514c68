"""Live notifications as Server-Sent Events: new or bumped notifications, the unread count.

Notifications are followed by ``seq`` (recipient, then write time), so ``Last-Event-ID``
resumes after the last event sent. A keep-alive comment goes out after ``heartbeat_s`` of
silence. Filters of the centre (types off in-app, mutes) apply.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

from collab_replicas import Replicas
from servicekit.batches import first_kept
from servicekit.projection import ReadModels

from notification_service.projections.inbox import stamp
from notification_service.projections.names import NOTIFICATIONS
from notification_service.queries.centre import unread_count
from notification_service.queries.preferences import preferences_of, shown_by
from notification_service.queries.views import views

PAGE = 100
Frame = tuple[str, str, str | None]  # (event, data, id)


async def _new(models: ReadModels, me: str, after: str) -> tuple[list[Frame], str]:
    preferences, _ = await preferences_of(models, me)
    query = {"seq": {"$gt": f"{me}\x1f{after}", "$lt": f"{me}\x7f"}}
    found = models[NOTIFICATIONS].find(query).sort("seq", 1)
    docs = await first_kept(found, shown_by(preferences), PAGE)
    if not docs:
        return [], after
    frames: list[Frame] = []
    for doc, view in zip(docs, await views(Replicas(models), me, docs), strict=True):
        after = doc["seq"].partition("\x1f")[2]
        frames.append(("notification", view.model_dump_json(), after))
    count = await unread_count(models, me)
    frames.append(("unread-count", f'{{"unread": {count}}}', None))
    return frames, after


async def notification_events(
    models: ReadModels,
    me: str,
    last_event_id: str | None,
    disconnected: Callable[[], Awaitable[bool]],
    *,
    poll_s: float = 0.25,
    heartbeat_s: float = 15.0,
) -> AsyncIterator[Frame | None]:
    """Frames of my new notifications until the client goes away (None: keep-alive)."""
    after, quiet = last_event_id or stamp(datetime.now(UTC)), 0.0
    count = await unread_count(models, me)
    yield ("unread-count", f'{{"unread": {count}}}', None)
    while not await disconnected():
        frames, after = await _new(models, me, after)
        for frame in frames:
            yield frame
        if frames:
            quiet = 0.0
            continue
        await asyncio.sleep(poll_s)
        quiet += poll_s
        if quiet >= heartbeat_s:
            yield None
            quiet = 0.0
