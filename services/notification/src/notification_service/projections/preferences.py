"""Read model ``preferences``: each person's notification preferences (own events)."""

from __future__ import annotations

from datetime import UTC, datetime

from collab_events.notification import NotificationPreferencesChanged
from pymongo import ASCENDING
from servicekit.projection import EventContext, Projection, ReadModels

from notification_service.projections.names import PREFERENCES

SETTINGS = Projection(name="settings", sources=("notification",), collections=(PREFERENCES,))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@SETTINGS.setup
async def index_digests(models: ReadModels) -> None:
    """The mailer reads who is due by ``due_at``; subscribers stored without one are due."""
    prefs = models[PREFERENCES]
    await prefs.create_index([("digest", ASCENDING)])
    await prefs.create_index([("due_at", ASCENDING)])
    missing = {"digest": {"$in": ["daily", "weekly"]}, "due_at": {"$exists": False}}
    await prefs.update_many(missing, {"$set": {"due_at": EPOCH}})


@SETTINGS.on(NotificationPreferencesChanged, batched=True)
async def record_preferences(event: NotificationPreferencesChanged, ctx: EventContext) -> None:
    """The complete new preferences; a digest is looked at from the change on.

    ``due_at`` is when the mailer next looks at the person's digest: here the change's
    time (the projection reads nothing, so it does not know the time zone); the mailer then
    decides with the person's time zone and moves it to the start of the next period.
    """
    fields = event.preferences.model_dump(mode="json")
    wants = event.preferences.digest != "off"
    fields["due_at"] = ctx.envelope.time if wants else None
    ctx.writes.upsert_if_newer(ctx.models[PREFERENCES], event.employee_id, ctx.version, fields)
