"""Read model ``articles``: each article's current content, status and published version,
with its audience as index keys and its search tokens (every language version)."""

from __future__ import annotations

from typing import Any

from collab_events.news import (
    ArticleArchived,
    ArticleContent,
    ArticleDrafted,
    ArticlePublished,
    ArticleScheduled,
    ArticleUnpublished,
    ArticleUpdated,
)
from servicekit.guarded import VERSION
from servicekit.projection import EventContext
from servicekit.text import word_prefixes

from news_service.domain.audience import criteria_keys, include_keys
from news_service.projections.names import ARTICLES
from news_service.projections.news import NEWS

Doc = dict[str, Any]
INDEXED_BODY = 5000  # characters of each body that search covers (bounds the token array)


def content_fields(content: ArticleContent) -> Doc:
    """What the stream, the view and the search need of the content."""
    texts = [
        part for t in content.translations.values()
        for part in (t.title, t.summary, t.body[:INDEXED_BODY])
    ]  # fmt: skip
    return {
        "content": content.model_dump(mode="json"),
        "languages": sorted(content.translations),
        "default_language": content.default_language,
        "must_read": content.must_read,
        # What lists show, so that they never read the bodies.
        "headlines": {
            tag: {"title": t.title, "summary": t.summary} for tag, t in content.translations.items()
        },
        "hero_image_url": content.hero_image_url,
        "inc_keys": include_keys(content.audience),
        "exc_keys": criteria_keys(content.audience.exclude),
        "search": word_prefixes(*texts),
    }


def _set(ctx: EventContext, article_id: str, fields: Doc, **extra: Any) -> None:
    update: Doc = {"$set": {**fields, "updated_at": ctx.envelope.time, VERSION: ctx.version}}
    update.update(extra)
    ctx.writes.update_if_newer(ctx.models[ARTICLES], article_id, ctx.version, update)


@NEWS.on(ArticleDrafted, batched=True)
async def add_draft(event: ArticleDrafted, ctx: EventContext) -> None:
    """A new draft."""
    fields = content_fields(event.content)
    fields.update(channel_id=event.channel_id, author_id=event.author_id, status="draft")
    fields.update(created_at=ctx.envelope.time, version=0, required_version=0)
    _set(ctx, event.article_id, fields)


@NEWS.on(ArticleUpdated, batched=True)
async def replace_content(event: ArticleUpdated, ctx: EventContext) -> None:
    """The new content (a published article's next version follows in its own event)."""
    _set(ctx, event.article_id, content_fields(event.content))


@NEWS.on(ArticleScheduled, batched=True)
async def mark_scheduled(event: ArticleScheduled, ctx: EventContext) -> None:
    """Due at ``publish_at`` (the timer's lookup)."""
    _set(ctx, event.article_id, {"status": "scheduled", "publish_at": event.publish_at})


@NEWS.on(ArticlePublished, batched=True)
async def mark_published(event: ArticlePublished, ctx: EventContext) -> None:
    """Live at this version; a first or material version is the one to acknowledge."""
    fields: Doc = {
        "status": "published", "publish_at": None, "version": event.article_version,
        "published_at": event.published_at, "audience_size": event.audience_size,
        "acknowledge_by": event.acknowledge_by, "remind_every_s": event.remind_every_s,
    }  # fmt: skip
    if event.article_version == 1 or event.requires_reacknowledgement:
        fields["required_version"] = event.article_version
    if event.article_version == 1:
        fields["first_published_at"] = event.published_at
        fields["sort"] = f"{event.published_at}|{event.article_id}"
    extra = {"$addToSet": {"snapshot_ids": event.snapshot_id}} if event.snapshot_id else {}
    _set(ctx, event.article_id, fields, **extra)


@NEWS.on(ArticleUnpublished, batched=True)
async def mark_unpublished(event: ArticleUnpublished, ctx: EventContext) -> None:
    """Out of every reader's stream."""
    _set(ctx, event.article_id, {"status": "unpublished", "publish_at": None})


@NEWS.on(ArticleArchived, batched=True)
async def mark_archived(event: ArticleArchived, ctx: EventContext) -> None:
    """Archived: readable by link, out of the streams, no more reminders."""
    _set(ctx, event.article_id, {"status": "archived", "publish_at": None})
