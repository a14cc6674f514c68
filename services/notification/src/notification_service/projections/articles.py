"""News comments and reactions -> the article's author and the comment's author.

A comment on an article tells the article's author (``comment_on_post``, grouped per
article); a reaction tells the author of what was reacted to (``reaction``, grouped per
article or comment). Only about a published article, and only to someone the article's
audience admits on their current facts, or its author (who edits its channel). The news
contracts carry no parent comment and no mentions: replies and mentions in article
comments cannot be told apart from a plain comment yet.
"""

from __future__ import annotations

from typing import Any

from collab_events.news import ArticleCommentAdded, ArticleDrafted, ArticleReactionSet
from servicekit.projection import EventContext

from notification_service.domain.notices import Notice, Target
from notification_service.projections.audiences import audience_of
from notification_service.projections.causes import cause_of, live_replicas, origin_of
from notification_service.projections.deferred import defer
from notification_service.projections.inbox import INBOX, deliver
from notification_service.projections.names import ARTICLES, COMMENTS
from notification_service.projections.news import article_target


@INBOX.on(ArticleDrafted)
async def record_article_author(event: ArticleDrafted, ctx: EventContext) -> None:
    """Who wrote the article: whom its comments and reactions tell."""
    await ctx.models[ARTICLES].update_one(
        {"_id": event.article_id}, {"$set": {"author_id": event.author_id}}, upsert=True
    )


async def _admitted(
    ctx: EventContext, article: dict[str, Any], notices: list[Notice]
) -> list[Notice]:
    replicas, audience = live_replicas(ctx), audience_of(article.get("audience") or {})
    return [
        n
        for n in notices
        if n.recipient == article.get("author_id") or await replicas.admits(audience, n.recipient)
    ]


async def _live_article(ctx: EventContext, article_id: str) -> dict[str, Any] | None:
    """The published article, or None; an article not seen yet keeps the event waiting."""
    article = await ctx.models[ARTICLES].find_one({"_id": article_id})
    if article is None or "live" not in article:
        await defer(ctx, f"article:{article_id}")
        return None
    return article if article["live"] else None


def _comment_target(article: dict[str, Any], comment_id: str, origin: Any) -> Target:
    base = article_target(article)
    context = {**base.context, "thing": "comment"}
    return Target("comment", comment_id, f"{base.link}#comment-{comment_id}", origin=origin,
                  context=context)  # fmt: skip


@INBOX.on(ArticleCommentAdded)
async def notify_article_comment(event: ArticleCommentAdded, ctx: EventContext) -> None:
    """The article's author learns of a comment (grouped per article)."""
    comment = {"_id": event.comment_id, "author_id": event.author_id,
               "article_id": event.article_id, "origin": origin_of(ctx)}  # fmt: skip
    await ctx.models[COMMENTS].update_one({"_id": event.comment_id}, {"$set": comment}, upsert=True)
    article = await _live_article(ctx, event.article_id)
    if article is None or not article.get("author_id"):
        return
    target = article_target(article)
    target = Target(target.kind, target.id, target.link, origin=target.origin,
                    context={**target.context, "thing": "article"})  # fmt: skip
    cause = cause_of(ctx, event.author_id)
    notice = Notice(article["author_id"], "comment_on_post", target, cause, ctx.envelope.id)
    await deliver(ctx, await _admitted(ctx, article, [notice]))


@INBOX.on(ArticleReactionSet)
async def notify_article_reaction(event: ArticleReactionSet, ctx: EventContext) -> None:
    """The author of the article or comment reacted to (grouped per target)."""
    article = await _live_article(ctx, event.article_id)
    if article is None:
        return
    if event.comment_id is None:
        target = article_target(article)
        target = Target(target.kind, target.id, target.link, origin=target.origin,
                        context={**target.context, "thing": "article"})  # fmt: skip
    else:
        comment = await ctx.models[COMMENTS].find_one({"_id": event.comment_id})
        target = _comment_target(article, event.comment_id, (comment or {}).get("origin"))
    cause = cause_of(ctx, event.employee_id)
    notice = Notice(event.target_author_id, "reaction", target, cause, ctx.envelope.id)
    await deliver(ctx, await _admitted(ctx, article, [notice]))
