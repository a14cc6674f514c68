"""News events -> must-reads for their audience, later entrants, reminders."""

from __future__ import annotations

from typing import Any

from collab_events.news import (
    ArticleArchived,
    ArticlePublished,
    ArticleUnpublished,
    MustReadAudienceJoined,
    MustReadReminderDue,
)
from servicekit.projection import EventContext

from notification_service.domain.notices import Notice, Target
from notification_service.projections.audiences import audience_of
from notification_service.projections.causes import cause_of, live_replicas, origin_of
from notification_service.projections.deferred import resume
from notification_service.projections.inbox import INBOX, deliver
from notification_service.projections.names import ARTICLES

FAN_OUT_CHUNK = 1000  # notifications per bulk insert of a must-read's fan-out


def article_target(article: dict[str, Any]) -> Target:
    """A notice about an article; its headlines are rendered in the reader's language."""
    return Target(
        kind="article",
        id=article["_id"],
        link=f"/articles/{article['_id']}",
        origin=article.get("origin"),
        context={
            "headlines": article.get("headlines", {}),
            "default_language": article.get("default_language"),
        },
    )


@INBOX.on(ArticlePublished)
async def notify_must_read(event: ArticlePublished, ctx: EventContext) -> None:
    """A must-read goes to everyone in its audience (once per re-acknowledged version)."""
    article = {
        "_id": event.article_id,
        "channel_id": event.channel_id,
        "must_read": event.must_read,
        "headlines": {k: v.title for k, v in event.headlines.items()},
        "default_language": event.default_language,
        "origin": origin_of(ctx),
        "audience": event.audience.model_dump(),
        "live": True,
    }
    await ctx.models[ARTICLES].update_one({"_id": event.article_id}, {"$set": article}, upsert=True)
    await resume(ctx, f"article:{event.article_id}")
    if not event.must_read:
        return
    readers = await live_replicas(ctx).audience_members(audience_of(event.audience.model_dump()))
    key = f"must_read:{event.article_id}"
    if event.requires_reacknowledgement:
        key = f"{key}:v{event.article_version}"
    cause, target = cause_of(ctx, ctx.envelope.actorid), article_target(article)
    # One bulk insert per chunk: SecantusDB holds its lock for a whole command, so one bulk
    # of the whole audience would stall every read (and the consumer's session) meanwhile.
    for start in range(0, len(readers), FAN_OUT_CHUNK):
        chunk = readers[start : start + FAN_OUT_CHUNK]
        notices = [Notice(r, "must_read", target, cause, key) for r in chunk]
        await deliver(ctx, notices, checked_active=True)


@INBOX.on(MustReadAudienceJoined)
async def notify_entrants(event: MustReadAudienceJoined, ctx: EventContext) -> None:
    """People who entered a must-read's audience later are told too."""
    article = await ctx.models[ARTICLES].find_one({"_id": event.article_id})
    if article is None or not article.get("live"):
        return
    cause, target = cause_of(ctx, None), article_target(article)
    key = f"must_read:{event.article_id}"
    await deliver(ctx, [Notice(e, "must_read", target, cause, key) for e in event.employee_ids])


@INBOX.on(MustReadReminderDue)
async def notify_reminder(event: MustReadReminderDue, ctx: EventContext) -> None:
    """Who has not acknowledged yet is reminded (one notice per round)."""
    article = await ctx.models[ARTICLES].find_one({"_id": event.article_id})
    if article is None or not article.get("live"):
        return
    cause, target = cause_of(ctx, None), article_target(article)
    key = f"reminder:{event.article_id}:{event.round}"
    notices = [Notice(e, "must_read_reminder", target, cause, key) for e in event.employee_ids]
    await deliver(ctx, notices)


@INBOX.on(ArticleUnpublished)
async def withdraw_article(event: ArticleUnpublished, ctx: EventContext) -> None:
    """An unpublished article is reminded of no more."""
    await ctx.models[ARTICLES].update_one({"_id": event.article_id}, {"$set": {"live": False}})


@INBOX.on(ArticleArchived)
async def archive_article(event: ArticleArchived, ctx: EventContext) -> None:
    """An archived article is reminded of no more."""
    await ctx.models[ARTICLES].update_one({"_id": event.article_id}, {"$set": {"live": False}})
