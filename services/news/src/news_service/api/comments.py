"""Comment routes: readers comment when enabled; authors edit and delete; editors moderate."""

from __future__ import annotations

import uuid
from typing import Annotated

from collab_events.ids import ID_PATTERN
from collab_events.news import MAX_COMMENT
from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field
from servicekit.http.commands import ExpectedVersion, command_headers

from news_service.api.deps import (
    CONSISTENT,
    ArticleId,
    CurrentReader,
    Cursor,
    IdempotencyKey,
    Limit,
    PortsDep,
    new_id,
)
from news_service.api.errors import DomainRoute, raises
from news_service.api.models import CommandAnswer
from news_service.domain import errors
from news_service.domain.comments import AddComment, ChangeComment
from news_service.handlers import comments as handle
from news_service.queries.access import edits, readable_article
from news_service.queries.comments import CommentPage, comments

COMMENT_IDS = uuid.UUID("3c9e5a17-2b4d-4f86-a0e1-7d5b9c2f4a68")
router = APIRouter(prefix="/v1/articles", tags=["comments"], route_class=DomainRoute)
CommentId = Annotated[str, Path(pattern=ID_PATTERN, description="The comment's id.")]
CHANGE = raises(errors.ArticleNotFound, errors.CommentNotFound, errors.NotAllowed)


class CommentBody(BaseModel):
    """A comment's text."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_COMMENT)


@router.post(
    "/{article_id}/comments", status_code=201, dependencies=[CONSISTENT],
    responses=raises(errors.ArticleNotFound, errors.CommentsClosed),
)  # fmt: skip
async def add_comment(
    article_id: ArticleId, body: CommentBody, response: Response, reader: CurrentReader,
    ports: PortsDep, idempotency_key: IdempotencyKey = None,
) -> CommandAnswer:  # fmt: skip
    """Comment on a published article that takes comments."""
    doc, _ = await readable_article(ports.models, article_id, reader)
    open_ = doc["status"] == "published" and bool(doc["content"].get("comments_enabled"))
    comment_id = new_id(COMMENT_IDS, reader.caller, idempotency_key)
    command = AddComment(article_id, comment_id, reader.caller, body.text, open_)
    result = await handle.add_comment(ports, command)
    command_headers(response, result)
    response.headers["Location"] = f"/v1/articles/{article_id}/comments/{comment_id}"
    return CommandAnswer(id=comment_id, version=result.version)


@router.get(
    "/{article_id}/comments", dependencies=[CONSISTENT], responses=raises(errors.ArticleNotFound)
)
async def list_comments(
    article_id: ArticleId, reader: CurrentReader, ports: PortsDep, cursor: Cursor = None,
    limit: Limit = 50,
) -> CommentPage:  # fmt: skip
    """The article's comments, oldest first."""
    await readable_article(ports.models, article_id, reader)
    return await comments(ports.models, article_id, reader.employee_id, cursor, limit)


@router.patch("/{article_id}/comments/{comment_id}", dependencies=[CONSISTENT], responses=CHANGE)
async def edit_comment(
    article_id: ArticleId, comment_id: CommentId, body: CommentBody, response: Response,
    reader: CurrentReader, ports: PortsDep, expected: ExpectedVersion,
) -> CommandAnswer:  # fmt: skip
    """Change my comment's text (If-Match)."""
    await readable_article(ports.models, article_id, reader)
    command = ChangeComment(article_id, comment_id, reader.caller, body.text)
    result = await handle.change_comment(ports, command, expected)
    command_headers(response, result)
    return CommandAnswer(id=comment_id, version=result.version)


@router.delete("/{article_id}/comments/{comment_id}", dependencies=[CONSISTENT], responses=CHANGE)
async def delete_comment(
    article_id: ArticleId, comment_id: CommentId, response: Response, reader: CurrentReader,
    ports: PortsDep,
) -> CommandAnswer:  # fmt: skip
    """Delete my comment, or any comment as the channel's editor or a platform admin."""
    doc, _ = await readable_article(ports.models, article_id, reader)
    moderator = await edits(ports.models, doc["channel_id"], reader.caller)
    command = ChangeComment(article_id, comment_id, reader.caller, moderator=moderator)
    result = await handle.change_comment(ports, command)
    command_headers(response, result)
    return CommandAnswer(id=comment_id, version=result.version)
