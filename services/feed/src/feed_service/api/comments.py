"""Routes of comments: list (oldest first), add or reply, edit, delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import APIRouter, Query, Response
from servicekit.http.commands import ExpectedVersion, command_headers

from feed_service.api.deps import (
    CONSISTENT,
    CommentId,
    CurrentCaller,
    Cursor,
    IdempotencyKey,
    Limit,
    PortsDep,
    PostId,
    Reader,
    new_id,
)
from feed_service.api.errors import DomainRoute, raises
from feed_service.api.models import CommandResult, CommentChanges, NewComment
from feed_service.domain.commands import AddComment, DeleteComment, EditComment
from feed_service.domain.errors import (
    CommentNotFound,
    GroupArchived,
    NotAllowed,
    PostNotFound,
    ReplyToReply,
)
from feed_service.handlers import comments as handle
from feed_service.queries.comments import list_comments
from feed_service.queries.views import CommentPage

COMMENT_NAMESPACE = uuid.UUID("5e2d9c71-8a4b-4f06-b3e8-1c7a2f9d6e54")
ParentId = Annotated[
    str | None, Query(pattern=ID_PATTERN, description="List the replies to this comment.")
]

router = APIRouter(
    prefix="/v1/posts/{post_id}/comments", tags=["comments"], route_class=DomainRoute
)


@router.get("", dependencies=[CONSISTENT], responses=raises(PostNotFound, CommentNotFound))
async def read_comments(
    post_id: PostId,
    reader: Reader,
    cursor: Cursor = None,
    limit: Limit = 20,
    parent_id: ParentId = None,
) -> CommentPage:
    """Top-level comments (or the replies to ``parent_id``), oldest first."""
    return await list_comments(reader, post_id, parent_id, cursor, limit)


@router.post(
    "",
    status_code=201,
    responses=raises(PostNotFound, CommentNotFound, ReplyToReply, GroupArchived),
)
async def add_comment(
    post_id: PostId,
    body: NewComment,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
    idempotency_key: IdempotencyKey = None,
) -> CommandResult:
    """Comment on a post you may read, or reply to one of its top-level comments."""
    comment_id = new_id(COMMENT_NAMESPACE, caller, idempotency_key)
    command = AddComment(comment_id, post_id, caller, body.text, body.parent_id)
    result = await handle.add(ports, command)
    command_headers(response, result)
    response.headers["Location"] = f"/v1/posts/{post_id}/comments?parent_id={comment_id}"
    return CommandResult(id=comment_id, version=result.version)


@router.patch(
    "/{comment_id}", responses=raises(PostNotFound, CommentNotFound, NotAllowed, GroupArchived)
)
async def edit_comment(
    post_id: PostId,
    comment_id: CommentId,
    body: CommentChanges,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> CommandResult:
    """Replace the comment's text (its author)."""
    command = EditComment(comment_id, post_id, caller, body.text)
    result = await handle.edit(ports, command, expected=expected)
    command_headers(response, result)
    return CommandResult(id=comment_id, version=result.version)


@router.delete(
    "/{comment_id}", status_code=204, responses=raises(PostNotFound, CommentNotFound, NotAllowed)
)
async def delete_comment(
    post_id: PostId,
    comment_id: CommentId,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> None:
    """Delete the comment (its author, the group's moderators and up, platform admins)."""
    command = DeleteComment(comment_id, post_id, caller)
    result = await handle.delete(ports, command, expected=expected)
    command_headers(response, result)
