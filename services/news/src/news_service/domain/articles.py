"""Decisions over an article stream: draft, edit, schedule, publish, unpublish, archive."""

from __future__ import annotations

from datetime import datetime

from collab_events import Event
from collab_events.news import (
    ArticleArchived,
    ArticleContent,
    ArticleDrafted,
    ArticlePublished,
    ArticleScheduled,
    ArticleUnpublished,
    ArticleUpdated,
    Headline,
)
from servicekit.commands import NO_CHANGE, Decision

from news_service.domain import errors
from news_service.domain.commands import (
    ArticleContext,
    DraftArticle,
    EditArticle,
    Frozen,
    PublishArticle,
    ScheduleArticle,
    WithdrawArticle,
)
from news_service.domain.model import ArticleState, Caller, format_time, parse_time
from news_service.domain.streams import article_subject


def check_content(content: ArticleContent) -> None:
    """The content's own rules (InvalidArticle): a default that exists, must-read settings."""
    tags = [tag.lower() for tag in content.translations]
    if len(set(tags)) != len(tags):
        raise errors.InvalidArticle("each language may have one version")
    if content.default_language not in content.translations:
        raise errors.InvalidArticle("default_language must name one of the translations")
    if not content.must_read and (content.acknowledge_by or content.remind_every_s):
        raise errors.InvalidArticle("acknowledge_by and remind_every_s need must_read")
    if content.acknowledge_by is not None:
        try:
            parse_time(content.acknowledge_by)
        except ValueError:
            raise errors.InvalidArticle("acknowledge_by is not a time") from None


def _editor(ctx: ArticleContext, caller: Caller) -> None:
    """Editors (and admins) only; others learn nothing of an unpublished article."""
    if not ctx.article.exists:
        raise errors.ArticleNotFound("no such article")
    if not ctx.channel.edits(caller):
        if not ctx.article.public:
            raise errors.ArticleNotFound("no such article")
        raise errors.NotAllowed("only the channel's editors change its articles")


def _publisher(ctx: ArticleContext, caller: Caller) -> None:
    _editor(ctx, caller)
    if not ctx.channel.publishes(caller):
        raise errors.NotAllowed("publishing needs the communicator role and editorship")


def decide_draft(command: DraftArticle, ctx: ArticleContext) -> Decision:
    """Draft in a channel the caller edits; a retried draft changes nothing."""
    if not ctx.channel.exists:
        raise errors.ChannelNotFound("no such channel")
    if not ctx.channel.edits(command.caller):
        raise errors.NotAllowed("only the channel's editors write its articles")
    if ctx.article.exists:
        return NO_CHANGE
    check_content(command.content)
    event = ArticleDrafted(
        article_id=command.article_id, channel_id=command.channel_id,
        author_id=command.caller.employee_id, content=command.content,
    )  # fmt: skip
    return Decision.of(article_subject(command.article_id), event)


def decide_edit(command: EditArticle, ctx: ArticleContext) -> Decision:
    """Replace the content; when published, the edit is published as version N+1."""
    _editor(ctx, command.caller)
    state = ctx.article
    if state.status == "archived":
        raise errors.ArticleArchived("archived articles are read-only")
    check_content(command.content)
    if command.content == state.content:
        return NO_CHANGE
    subject = article_subject(command.article_id)
    updated = ArticleUpdated(article_id=command.article_id, content=command.content)
    if state.status != "published":
        return Decision.of(subject, updated)
    _publisher(ctx, command.caller)
    frozen = command.frozen or Frozen(0)
    published = published_event(
        state, command.article_id, command.content, command.now, frozen, command.material
    )
    return Decision.of(subject, updated, published)


def decide_schedule(command: ScheduleArticle, ctx: ArticleContext) -> Decision:
    """Schedule a draft (or re-schedule); the time must lie ahead."""
    _publisher(ctx, command.caller)
    state = ctx.article
    _not_final(state)
    if state.status == "published":
        raise errors.InvalidArticle("the article is published already")
    if command.publish_at <= command.now:
        raise errors.InvalidArticle("publish_at must lie in the future")
    stamp = format_time(command.publish_at)
    if state.status == "scheduled" and state.publish_at == stamp:
        return NO_CHANGE
    event = ArticleScheduled(article_id=command.article_id, publish_at=stamp)
    return Decision.of(article_subject(command.article_id), event)


def decide_publish(command: PublishArticle, ctx: ArticleContext) -> Decision:
    """Publish now (caller) or when due (timer); once: a published article changes nothing."""
    state = ctx.article
    if command.caller is None:
        due = state.status == "scheduled" and state.publish_at is not None
        if not due or parse_time(state.publish_at or "") > command.now:
            return NO_CHANGE
    else:
        _publisher(ctx, command.caller)
        _not_final(state)
        if state.status == "published":
            return NO_CHANGE
    event = published_event(
        state, command.article_id, state.body, command.now, command.frozen, False
    )
    return Decision.of(article_subject(command.article_id), event)


def decide_withdraw(command: WithdrawArticle, ctx: ArticleContext) -> Decision:
    """Unpublish a published article, or archive any (both once)."""
    _publisher(ctx, command.caller)
    state, subject = ctx.article, article_subject(command.article_id)
    if state.status == "archived":
        return NO_CHANGE
    events: Event
    if command.archive:
        events = ArticleArchived(article_id=command.article_id)
    elif state.status == "unpublished":
        return NO_CHANGE
    elif state.status != "published":
        raise errors.NotPublished("only a published article can be unpublished")
    else:
        events = ArticleUnpublished(article_id=command.article_id)
    return Decision.of(subject, events)


def _not_final(state: ArticleState) -> None:
    if state.status == "archived":
        raise errors.ArticleArchived("archived articles are read-only")


def published_event(
    state: ArticleState,
    article_id: str,
    content: ArticleContent,
    now: datetime,
    frozen: Frozen,
    material: bool,
) -> ArticlePublished:
    """Version N+1 of the article with its frozen audience."""
    headlines = {
        tag: Headline(title=t.title, summary=t.summary) for tag, t in content.translations.items()
    }
    return ArticlePublished(
        article_id=article_id, channel_id=state.channel_id, article_version=state.version + 1,
        requires_reacknowledgement=material and content.must_read and state.version > 0,
        languages=sorted(content.translations), default_language=content.default_language,
        headlines=headlines, audience=content.audience, must_read=content.must_read,
        acknowledge_by=content.acknowledge_by, remind_every_s=content.remind_every_s,
        audience_size=frozen.size, snapshot_id=frozen.snapshot_id,
        snapshot_digest=frozen.digest, published_at=format_time(now),
    )  # fmt: skip
