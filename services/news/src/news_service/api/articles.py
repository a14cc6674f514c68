"""Editorial routes: draft, edit (If-Match), publish now or scheduled, unpublish, archive."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from servicekit.commands import CommandResult
from servicekit.http.commands import ExpectedVersion, command_headers

from news_service.api.content import new_content, patched
from news_service.api.deps import ArticleId, CurrentCaller, IdempotencyKey, PortsDep, new_id, now
from news_service.api.errors import DomainRoute, raises
from news_service.api.models import ArticlePatch, CommandAnswer, NewArticle, PublishBody
from news_service.domain import errors
from news_service.domain.commands import DraftArticle, EditArticle, ScheduleArticle, WithdrawArticle
from news_service.handlers import articles as handle

ARTICLE_IDS = uuid.UUID("5d0f6b1e-7c2a-4e8b-9a31-2f6c8d4e1b70")
router = APIRouter(prefix="/v1/articles", tags=["articles"], route_class=DomainRoute)
MANAGE = raises(errors.ArticleNotFound, errors.NotAllowed, errors.ArticleArchived)


def answer(response: Response, article_id: str, result: CommandResult) -> CommandAnswer:
    """ETag, Consistency-Token and the body of an article command."""
    command_headers(response, result)
    return CommandAnswer(id=article_id, version=result.version)


@router.post(
    "", status_code=201,
    responses=raises(errors.ChannelNotFound, errors.NotAllowed, errors.InvalidArticle),
)  # fmt: skip
async def draft_article(
    body: NewArticle, response: Response, caller: CurrentCaller, ports: PortsDep,
    idempotency_key: IdempotencyKey = None,
) -> CommandAnswer:  # fmt: skip
    """Draft an article in a channel I edit."""
    article_id = new_id(ARTICLE_IDS, caller, idempotency_key)
    command = DraftArticle(article_id, body.channel_id, new_content(body), caller)
    result = await handle.draft_article(ports, command)
    response.headers["Location"] = f"/v1/articles/{article_id}"
    return answer(response, article_id, result)


@router.patch("/{article_id}", responses=MANAGE | raises(errors.InvalidArticle))
async def edit_article(
    article_id: ArticleId, body: ArticlePatch, response: Response, caller: CurrentCaller,
    ports: PortsDep, expected: ExpectedVersion,
) -> CommandAnswer:  # fmt: skip
    """Change an article; a published one becomes version N+1 (``material``: re-acknowledge)."""
    current = await handle.current_article(ports, article_id)
    if current.content is None:
        raise errors.ArticleNotFound("no such article")
    content = patched(current.content, body)
    command = EditArticle(article_id, content, caller, now(), body.material)
    return answer(response, article_id, await handle.edit_article(ports, command, expected))


@router.post(
    "/{article_id}/publish",
    responses=MANAGE | raises(errors.InvalidArticle),
)
async def publish_article(
    article_id: ArticleId, response: Response, caller: CurrentCaller, ports: PortsDep,
    body: PublishBody | None = None,
) -> CommandAnswer:  # fmt: skip
    """Publish now, or schedule it for ``publish_at``."""
    if body is not None and body.publish_at is not None:
        command = ScheduleArticle(article_id, body.publish_at, caller, now())
        return answer(response, article_id, await handle.schedule_article(ports, command))
    result = await handle.publish_article(ports, article_id, now(), caller)
    assert result is not None  # a caller's publication always answers
    return answer(response, article_id, result)


@router.post("/{article_id}/unpublish", responses=MANAGE | raises(errors.NotPublished))
async def unpublish_article(
    article_id: ArticleId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> CommandAnswer:
    """Take a published article out of every stream (it may be published again)."""
    result = await handle.withdraw_article(ports, WithdrawArticle(article_id, caller))
    return answer(response, article_id, result)


@router.post("/{article_id}/archive", responses=MANAGE)
async def archive_article(
    article_id: ArticleId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> CommandAnswer:
    """Archive: read-only, out of the streams, no more reminders."""
    command = WithdrawArticle(article_id, caller, archive=True)
    return answer(response, article_id, await handle.withdraw_article(ports, command))
