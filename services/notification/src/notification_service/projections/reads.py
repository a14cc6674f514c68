"""Read marks (own events) onto the notifications: read unless bumped past what was seen.

Each update selects by one index only (``_id``, or ``(recipient, read)``) and checks the
rest in the update's pipeline, so the check and the write stay one atomic step: SecantusDB
scans the whole collection for a filter with a condition outside one index.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.notification import NotificationRead, NotificationsReadAll
from servicekit.projection import EventContext

from notification_service.projections.inbox import INBOX
from notification_service.projections.names import NOTIFICATIONS

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
    await ctx.models[NOTIFICATIONS].update_one({"_id": event.notification_id}, _read_if(condition))


@INBOX.on(NotificationsReadAll)
async def mark_everything_read(event: NotificationsReadAll, ctx: EventContext) -> None:
    """Every notification of the person whose last cause is not newer than ``until``."""
    query = {"recipient": event.employee_id, "read": False}
    await ctx.models[NOTIFICATIONS].update_many(query, _read_if(_seen_until(event.until)))
