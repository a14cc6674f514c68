"""Read marks (own events) onto the notifications: read unless bumped past what was seen;
the unread counters follow them and the preferences (what the centre hides).

Each update selects by one index only (``_id``, or ``(recipient, read)``) and checks the
rest in the update's pipeline, so the check and the write stay one atomic step: SecantusDB
scans the whole collection for a filter with a condition outside one index.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.notification import (
    NotificationPreferencesChanged,
    NotificationRead,
    NotificationsReadAll,
)
from pymongo import ReturnDocument
from servicekit.projection import EventContext

from notification_service.projections.causes import live_replicas
from notification_service.projections.inbox import INBOX
from notification_service.projections.names import NOTIFICATIONS
from notification_service.projections.unread import TRACKED, hides_of, recount, track

INBOX.sources = (*INBOX.sources, "notification")


def _seen_until(moment: datetime) -> dict[str, Any]:
    """Whether the notification's last cause (when it has one) is not newer than ``moment``."""
    return {
        "$and": [
            {"$ne": [{"$type": "$last_event_at"}, "missing"]},
            {"$lte": ["$last_event_at", moment]},
        ]
    }


def _read_if(condition: dict[str, Any]) -> list[dict[str, Any]]:
    """The update pipeline that marks read when ``condition`` holds, else changes nothing."""
    return [{"$set": {"read": {"$cond": [condition, True, "$read"]}}}]


@INBOX.on(NotificationRead)
async def mark_notification_read(event: NotificationRead, ctx: EventContext) -> None:
    """Read (the recipient's own), unless a later cause made the group unread again."""
    mine = {"$eq": ["$recipient", event.employee_id]}
    condition = {"$and": [mine, _seen_until(event.seen_until)]}
    doc = await ctx.models[NOTIFICATIONS].find_one_and_update(
        {"_id": event.notification_id},
        _read_if(condition),
        TRACKED,
        return_document=ReturnDocument.AFTER,
    )
    if doc is not None:
        await track(ctx.models, [doc])


@INBOX.on(NotificationsReadAll)
async def mark_everything_read(event: NotificationsReadAll, ctx: EventContext) -> None:
    """Every notification of the person whose last cause is not newer than ``until``."""
    query = {"recipient": event.employee_id, "read": False}
    await ctx.models[NOTIFICATIONS].update_many(query, _read_if(_seen_until(event.until)))
    await recount(ctx.models, event.employee_id)


@INBOX.on(NotificationPreferencesChanged)
async def recount_shown(event: NotificationPreferencesChanged, ctx: EventContext) -> None:
    """What the person now hides leaves their count (and what they show again enters it)."""
    if (await live_replicas(ctx).people.status(event.employee_id)).erased:
        return  # a replayed change of someone erased: nothing of theirs is kept
    hides = hides_of(event.preferences)
    await recount(ctx.models, event.employee_id, hides=hides, version=ctx.version)
