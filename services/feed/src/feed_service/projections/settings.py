"""Read model ``feed_settings``: each person's default home-feed order."""

from __future__ import annotations

from collab_events.feed import FeedSettingsChanged
from servicekit.projection import EventContext

from feed_service.projections.feed import FEED
from feed_service.projections.names import SETTINGS


@FEED.on(FeedSettingsChanged, batched=True)
async def record_settings(event: FeedSettingsChanged, ctx: EventContext) -> None:
    """The chosen order."""
    ctx.writes.upsert_if_newer(
        ctx.models[SETTINGS], event.employee_id, ctx.version, {"order": event.order}
    )
