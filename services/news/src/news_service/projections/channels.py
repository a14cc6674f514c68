"""Read model ``channels``: each channel's title, description and editors."""

from __future__ import annotations

from collab_events.news import ChannelCreated, ChannelEditorsChanged, ChannelUpdated
from servicekit.projection import EventContext

from news_service.projections.names import CHANNELS
from news_service.projections.news import NEWS


@NEWS.on(ChannelCreated, batched=True)
async def add_channel(event: ChannelCreated, ctx: EventContext) -> None:
    """A new channel."""
    fields = event.model_dump(mode="json", exclude={"channel_id"})
    fields["created_at"] = ctx.envelope.time
    ctx.writes.upsert_if_newer(ctx.models[CHANNELS], event.channel_id, ctx.version, fields)


@NEWS.on(ChannelUpdated, batched=True)
async def rename_channel(event: ChannelUpdated, ctx: EventContext) -> None:
    """New title or description."""
    fields = {"title": event.title, "description": event.description}
    ctx.writes.upsert_if_newer(ctx.models[CHANNELS], event.channel_id, ctx.version, fields)


@NEWS.on(ChannelEditorsChanged, batched=True)
async def replace_editors(event: ChannelEditorsChanged, ctx: EventContext) -> None:
    """The channel's editors now."""
    fields = {"editors": list(event.editors)}
    ctx.writes.upsert_if_newer(ctx.models[CHANNELS], event.channel_id, ctx.version, fields)
