"""Read model ``feed_articles``: one document per article while any version was published.

An article keeps its place in feeds (``key``: its first publication) across later
versions, which replace its headlines, audience and must-read flag; unpublishing or
archiving takes it out (``live: False``), a later publication puts it back at its place.
"""

from __future__ import annotations

from datetime import UTC, datetime

from collab_events.news import ArticleArchived, ArticlePublished, ArticleUnpublished
from servicekit.projection import EventContext

from feed_service.projections.content import CONTENT
from feed_service.projections.feed import sort_key
from feed_service.projections.names import ARTICLES


def published_time(event: ArticlePublished, ctx: EventContext) -> datetime:
    """When the version went live (the event's own instant, else the envelope's time)."""
    try:
        at = datetime.fromisoformat(event.published_at)
    except ValueError:
        return ctx.envelope.time
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)


@CONTENT.on(ArticlePublished, batched=True)
async def list_published_version(event: ArticlePublished, ctx: EventContext) -> None:
    """The version's headlines, audience and must-read flag; listed for its audience."""
    at = published_time(event, ctx)
    fields = {
        "channel_id": event.channel_id,
        "version": event.article_version,
        "languages": list(event.languages),
        "default_language": event.default_language,
        "headlines": {tag: h.model_dump() for tag, h in event.headlines.items()},
        "audience": event.audience.model_dump(),
        "must_read": event.must_read,
        "acknowledge_by": event.acknowledge_by,
        "updated_at": at,
        "live": True,
    }
    on_insert = {"key": sort_key(at, event.article_id), "published_at": at}
    ctx.writes.upsert_if_newer(
        ctx.models[ARTICLES], event.article_id, ctx.version, fields, on_insert=on_insert
    )


@CONTENT.on(ArticleUnpublished, batched=True)
async def unlist_unpublished(event: ArticleUnpublished, ctx: EventContext) -> None:
    """Out of every feed until it is published again."""
    ctx.writes.upsert_if_newer(ctx.models[ARTICLES], event.article_id, ctx.version, {"live": False})


@CONTENT.on(ArticleArchived, batched=True)
async def unlist_archived(event: ArticleArchived, ctx: EventContext) -> None:
    """Out of every feed for good."""
    fields = {"live": False, "archived": True}
    ctx.writes.upsert_if_newer(ctx.models[ARTICLES], event.article_id, ctx.version, fields)
