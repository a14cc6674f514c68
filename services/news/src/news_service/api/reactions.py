"""Reaction routes: my reaction to an article or to one of its comments (one per target)."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from collab_events.news import ReactionType
from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict
from servicekit.http.commands import command_headers

from news_service.api.deps import CONSISTENT, ArticleId, CurrentReader, PortsDep
from news_service.api.errors import DomainRoute, raises
from news_service.api.models import CommandAnswer
from news_service.domain import errors
from news_service.domain.reactions import React
from news_service.handlers import reactions as handle
from news_service.ports import Ports
from news_service.queries.access import Reader, readable_article
from news_service.queries.reactions import target

router = APIRouter(prefix="/v1/articles", tags=["reactions"], route_class=DomainRoute)
CommentId = Annotated[str, Path(pattern=ID_PATTERN, description="The comment's id.")]
SET = raises(errors.ArticleNotFound, errors.CommentNotFound, errors.ReactionsClosed)
REMOVE = raises(errors.ArticleNotFound, errors.CommentNotFound)


class ReactionBody(BaseModel):
    """My reaction; it replaces my earlier one."""

    model_config = ConfigDict(extra="forbid")
    type: ReactionType


async def _react(
    ports: Ports, reader: Reader, article_id: str, comment_id: str | None,
    reaction: ReactionType | None, response: Response,
) -> CommandAnswer:  # fmt: skip
    doc, _ = await readable_article(ports.models, article_id, reader)
    about = await target(ports.models, doc, comment_id)
    result = await handle.react(ports, React(about, reader.employee_id, reaction))
    command_headers(response, result)
    return CommandAnswer(id=comment_id or article_id, version=result.version)


@router.put("/{article_id}/reactions/me", dependencies=[CONSISTENT], responses=SET)
async def react_to_article(
    article_id: ArticleId, body: ReactionBody, response: Response, reader: CurrentReader,
    ports: PortsDep,
) -> CommandAnswer:  # fmt: skip
    """React to a published article that takes comments (replaces my reaction)."""
    return await _react(ports, reader, article_id, None, body.type, response)


@router.delete("/{article_id}/reactions/me", dependencies=[CONSISTENT], responses=REMOVE)
async def unreact_to_article(
    article_id: ArticleId, response: Response, reader: CurrentReader, ports: PortsDep
) -> CommandAnswer:
    """Take my reaction to the article back (none: no change)."""
    return await _react(ports, reader, article_id, None, None, response)


@router.put(
    "/{article_id}/comments/{comment_id}/reactions/me", dependencies=[CONSISTENT], responses=SET
)
async def react_to_comment(
    article_id: ArticleId, comment_id: CommentId, body: ReactionBody, response: Response,
    reader: CurrentReader, ports: PortsDep,
) -> CommandAnswer:  # fmt: skip
    """React to a live comment (replaces my reaction to it)."""
    return await _react(ports, reader, article_id, comment_id, body.type, response)


@router.delete(
    "/{article_id}/comments/{comment_id}/reactions/me", dependencies=[CONSISTENT],
    responses=REMOVE,
)  # fmt: skip
async def unreact_to_comment(
    article_id: ArticleId, comment_id: CommentId, response: Response, reader: CurrentReader,
    ports: PortsDep,
) -> CommandAnswer:  # fmt: skip
    """Take my reaction to the comment back (none: no change)."""
    return await _react(ports, reader, article_id, comment_id, None, response)
