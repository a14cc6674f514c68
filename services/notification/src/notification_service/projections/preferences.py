"""Read model ``preferences``: each person's notification preferences (own events)."""

from __future__ import annotations

from collab_events.notification import NotificationPreferencesChanged
from pymongo import ASCENDING
from servicekit.projection import EventContext, Projection, ReadModels

from notification_service.projections.names import PREFERENCES

SETTINGS = Projection(name="settings", sources=("notification",), collections=(PREFERENCES,))


@SETTINGS.setup
async def index_digests(models: ReadModels) -> None:
    """The mailer finds the people who chose a digest."""
    await models[PREFERENCES].create_index([("digest", ASCENDING)])


@SETTINGS.on(NotificationPreferencesChanged, batched=True)
async def record_preferences(event: NotificationPreferencesChanged, ctx: EventContext) -> None:
    """The complete new preferences."""
    fields = event.preferences.model_dump(mode="json")
    ctx.writes.upsert_if_newer(ctx.models[PREFERENCES], event.employee_id, ctx.version, fields)
