"""Routes of posts: publish, read, edit (If-Match), delete, history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from servicekit.http.commands import ExpectedVersion, command_headers
from servicekit.http.openapi import with_etag

from feed_service.api.deps import (
    CONSISTENT,
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
from feed_service.api.models import CommandResult, NewPost, PostChanges, links_of
from feed_service.domain.commands import DeletePost, EditPost, PublishPost
from feed_service.domain.errors import (
    AttachmentRejected,
    GroupArchived,
    GroupNotFound,
    MembersOnly,
    NotAllowed,
    PostNotFound,
    StorageUnavailable,
    TooManyAttachments,
)
from feed_service.handlers import posts as handle
from feed_service.queries.posts import get_post, post_history
from feed_service.queries.search import search_posts
from feed_service.queries.views import PostHistory, PostPage, PostView

POST_NAMESPACE = uuid.UUID("0b8f6a52-3c1d-4e7a-9f25-6d4c8e1a7b30")

router = APIRouter(prefix="/v1/posts", tags=["posts"], route_class=DomainRoute)


@router.post(
    "",
    status_code=201,
    responses=raises(
        GroupNotFound,
        MembersOnly,
        GroupArchived,
        AttachmentRejected,
        TooManyAttachments,
        StorageUnavailable,
    ),
)
async def publish_post(
    body: NewPost,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
    idempotency_key: IdempotencyKey = None,
) -> CommandResult:
    """Post in a group (its active members) or on your own profile (every employee reads it)."""
    post_id = new_id(POST_NAMESPACE, caller, idempotency_key)
    links, files = links_of(body.links), tuple(body.attachments)
    command = PublishPost(post_id, caller, body.group_id, body.text, links, files)
    result = await handle.publish(ports, command)
    command_headers(response, result)
    response.headers["Location"] = f"/v1/posts/{post_id}"
    return CommandResult(id=post_id, version=result.version)


@router.get("", dependencies=[CONSISTENT])
async def search(
    reader: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
    cursor: Cursor = None,
    limit: Limit = 20,
) -> PostPage:
    """Posts you may read whose text or comments have every word (prefixes, any accents)."""
    return await search_posts(reader, q, cursor, limit)


@router.get("/{post_id}", dependencies=[CONSISTENT], responses=raises(PostNotFound) | with_etag())
async def read_post(post_id: PostId, response: Response, reader: Reader) -> PostView:
    """One post with its mentions, topics, reaction counts and your reaction."""
    view = await get_post(reader, post_id)
    response.headers["ETag"] = f'"{view.version}"'
    return view


@router.patch(
    "/{post_id}",
    responses=raises(
        PostNotFound,
        NotAllowed,
        GroupArchived,
        AttachmentRejected,
        TooManyAttachments,
        StorageUnavailable,
    ),
)
async def edit_post(
    post_id: PostId,
    body: PostChanges,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> CommandResult:
    """Replace the text and links (the author); every version stays in the history."""
    files = tuple(body.attachments)
    command = EditPost(post_id, caller, body.text, links_of(body.links), files)
    result = await handle.edit(ports, command, expected=expected)
    command_headers(response, result)
    return CommandResult(id=post_id, version=result.version)


@router.delete("/{post_id}", status_code=204, responses=raises(PostNotFound, NotAllowed))
async def delete_post(
    post_id: PostId,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> None:
    """Delete the post (author, the group's moderators, admins and owners, platform admins)."""
    result = await handle.delete(ports, DeletePost(post_id, caller), expected=expected)
    command_headers(response, result)


@router.get("/{post_id}/history", dependencies=[CONSISTENT], responses=raises(PostNotFound))
async def read_history(post_id: PostId, reader: Reader) -> PostHistory:
    """Every version of the post, oldest first, for everyone who may read it."""
    return await post_history(reader, post_id)
