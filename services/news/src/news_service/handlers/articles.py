"""Article use cases: draft, edit, schedule, publish (now or when due), unpublish, archive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from collab_events import uuid7
from collab_events.news import ArticleContent
from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute, load_state

from news_service.domain import articles as rules
from news_service.domain import errors
from news_service.domain.audience import replica_audience
from news_service.domain.commands import (
    ArticleContext,
    DraftArticle,
    EditArticle,
    Frozen,
    PublishArticle,
    ScheduleArticle,
    WithdrawArticle,
)
from news_service.domain.model import ARTICLE, CHANNEL, ArticleState, Caller
from news_service.domain.streams import article_subject, channel_subject
from news_service.ports import Ports, by
from news_service.registries.snapshots import snapshot_digest

C = TypeVar("C")


async def load_context(
    ports: Ports, article_id: str, channel_id: str | None = None
) -> Loaded[ArticleContext]:
    """The article (appended to) and its channel (read only)."""
    article, version = await load_state(ports.store, article_subject(article_id), ARTICLE)
    channel_of = channel_id or article.channel_id
    channel, _ = await load_state(ports.store, channel_subject(channel_of), CHANNEL)
    return Loaded(ArticleContext(article, channel), {article_subject(article_id): version})


async def current_article(ports: Ports, article_id: str) -> ArticleState:
    """The article folded from its stream."""
    state, _ = await load_state(ports.store, article_subject(article_id), ARTICLE)
    return state


class FreezeAudience:
    """Append hook: the frozen audience is stored before the publication is appended."""

    def __init__(self, ports: Ports, article_id: str, frozen: Frozen, members: list[str]) -> None:
        self.ports, self.article_id, self.frozen, self.members = ports, article_id, frozen, members

    async def before(self, state: ArticleContext, decision: Decision) -> None:
        if self.frozen.snapshot_id is not None:
            await self.ports.snapshots.store(self.frozen.snapshot_id, self.article_id, self.members)

    async def failed(self, state: ArticleContext, decision: Decision) -> None:
        if self.frozen.snapshot_id is not None:
            await self.ports.snapshots.discard(self.frozen.snapshot_id)

    async def after(self, state: ArticleContext, decision: Decision) -> None:
        return None


async def audience_size(ports: Ports, content: ArticleContent) -> int:
    """How many active employees the audience holds now (whole company: a recent count)."""
    audience = content.audience
    if audience.whole_company and audience.exclude.empty:
        return await ports.company.get()
    return len(await ports.replicas.audience_members(replica_audience(audience)))


async def freeze(ports: Ports, article_id: str, content: ArticleContent) -> FreezeAudience:
    """Take the audience now: its size, and for a must-read the list under a new id."""
    if not content.must_read:
        return FreezeAudience(ports, article_id, Frozen(await audience_size(ports, content)), [])
    members = await ports.replicas.audience_members(replica_audience(content.audience))
    frozen = Frozen(len(members), uuid7(), snapshot_digest(members))
    return FreezeAudience(ports, article_id, frozen, members)


def _handler(
    ports: Ports,
    article_id: str,
    decide: Callable[[C, ArticleContext], Decision],
    channel_id: str | None = None,
    hook: FreezeAudience | None = None,
) -> CommandHandler[C, ArticleContext]:
    async def load(command: C) -> Loaded[ArticleContext]:
        return await load_context(ports, article_id, channel_id)

    hooks = [hook] if hook is not None else []
    return CommandHandler(load, decide, lambda c: article_subject(article_id), hooks)


async def draft_article(ports: Ports, command: DraftArticle) -> CommandResult:
    """Draft an article in a channel."""
    handler = _handler(ports, command.article_id, rules.decide_draft, command.channel_id)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


async def edit_article(
    ports: Ports, command: EditArticle, expected_version: int | None
) -> CommandResult:
    """Edit (If-Match); a published article's edit publishes version N+1 (audience re-taken)."""
    current = (await load_context(ports, command.article_id)).state.article
    hook = None
    if current.status == "published":
        hook = await freeze(ports, command.article_id, command.content)
        command = EditArticle(
            command.article_id, command.content, command.caller, command.now,
            command.material, hook.frozen,
        )  # fmt: skip
    handler = _handler(ports, command.article_id, rules.decide_edit, hook=hook)
    outcome = await execute(
        ports.store, handler, command, metadata=by(command.caller),
        expected_version=expected_version,
    )  # fmt: skip
    return outcome.result


async def schedule_article(ports: Ports, command: ScheduleArticle) -> CommandResult:
    """Schedule publication at a future time."""
    handler = _handler(ports, command.article_id, rules.decide_schedule)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


async def publish_article(
    ports: Ports, article_id: str, now: datetime, caller: Caller | None
) -> CommandResult | None:
    """Publish now (caller) or if due (timer, None when nothing was due); exactly once."""
    context = (await load_context(ports, article_id)).state
    if caller is None and context.article.status != "scheduled":
        return None
    if context.article.content is None:
        raise errors.ArticleNotFound("no such article")
    hook = await freeze(ports, article_id, context.article.content)
    command = PublishArticle(article_id, now, hook.frozen, caller)
    handler = _handler(ports, article_id, rules.decide_publish, hook=hook)
    outcome = await execute(ports.store, handler, command, metadata=by(caller))
    if caller is None and outcome.decision.empty:
        return None
    return outcome.result


async def withdraw_article(ports: Ports, command: WithdrawArticle) -> CommandResult:
    """Unpublish or archive."""
    handler = _handler(ports, command.article_id, rules.decide_withdraw)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result
