"""Read marks (own events) onto the notifications: read unless bumped past what was seen."""

from __future__ import annotations

from collab_events.notification import NotificationRead, NotificationsReadAll
from servicekit.projection import EventContext

from notification_service.projections.inbox import INBOX
from notification_service.projections.names import NOTIFICATIONS

INBOX.sources = (*INBOX.sources, "notification")


@INBOX.on(NotificationRead)
async def mark_notification_read(event: NotificationRead, ctx: EventContext) -> None:
    """Read, unless a later cause made the group unread again."""
    query = {"_id": event.notification_id, "recipient": event.employee_id,
             "last_event_at": {"$lte": event.seen_until}}  # fmt: skip
    await ctx.models[NOTIFICATIONS].update_one(query, {"$set": {"read": True}})


@INBOX.on(NotificationsReadAll)
async def mark_everything_read(event: NotificationsReadAll, ctx: EventContext) -> None:
    """Every notification of the person whose last cause is not newer than ``until``."""
    query = {"recipient": event.employee_id, "read": False,
             "last_event_at": {"$lte": event.until}}  # fmt: skip
    await ctx.models[NOTIFICATIONS].update_many(query, {"$set": {"read": True}})
