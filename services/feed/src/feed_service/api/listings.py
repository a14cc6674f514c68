"""Lists and pins: a group's posts (pins first), an employee's posts, a topic's posts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from servicekit.http.commands import command_headers

from feed_service.api.deps import (
    CONSISTENT,
    CurrentCaller,
    Cursor,
    EmployeeId,
    GroupId,
    Limit,
    PortsDep,
    PostId,
    Reader,
    resolve,
)
from feed_service.api.errors import DomainRoute, raises
from feed_service.api.models import CommandResult, PinBody
from feed_service.domain.commands import PinPost, UnpinPost
from feed_service.domain.errors import (
    GroupNotFound,
    MembersOnly,
    NotAllowed,
    PostNotFound,
    TooManyPins,
)
from feed_service.handlers import pins as handle
from feed_service.queries.items import FeedPage
from feed_service.queries.posts import employee_posts, group_posts, topic_posts
from feed_service.queries.views import PostPage

Tag = Annotated[str, Path(min_length=1, max_length=41, description="A topic, with or without #.")]

router = APIRouter(prefix="/v1", tags=["feeds"], route_class=DomainRoute)


@router.get(
    "/groups/{group_id}/posts",
    dependencies=[CONSISTENT],
    responses=raises(GroupNotFound, MembersOnly),
)
async def list_group_posts(
    group_id: GroupId, reader: Reader, cursor: Cursor = None, limit: Limit = 20
) -> FeedPage:
    """The group's posts and polls (``kind``): pinned posts first until they expire, then
    posts and polls newest first."""
    return await group_posts(reader, group_id, cursor, limit)


@router.get("/employees/{employee_id}/posts", dependencies=[CONSISTENT])
async def list_employee_posts(
    employee_id: EmployeeId, reader: Reader, cursor: Cursor = None, limit: Limit = 20
) -> PostPage:
    """Posts by one employee (`me`: yourself) that you may read, newest first."""
    author = resolve(employee_id, reader.caller)
    return await employee_posts(reader, author, cursor, limit)


@router.get("/topics/{tag}/posts", dependencies=[CONSISTENT])
async def list_topic_posts(
    tag: Tag, reader: Reader, cursor: Cursor = None, limit: Limit = 20
) -> PostPage:
    """Posts you may read with a topic (case and accents folded), newest first."""
    return await topic_posts(reader, tag, cursor, limit)


PIN_ERRORS = raises(GroupNotFound, NotAllowed, PostNotFound, TooManyPins)


@router.put("/groups/{group_id}/pins/{post_id}", tags=["pins"], responses=PIN_ERRORS)
async def pin_post(
    group_id: GroupId,
    post_id: PostId,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
    body: PinBody | None = None,
) -> CommandResult:
    """Pin a post of the group (moderators, admins, owners), until ``until`` if given."""
    until = body.until if body is not None else None
    command = PinPost(group_id, post_id, caller, until, ports.now())
    result = await handle.pin(ports, command)
    command_headers(response, result)
    return CommandResult(id=post_id, version=result.version)


@router.delete(
    "/groups/{group_id}/pins/{post_id}",
    tags=["pins"],
    status_code=204,
    responses=raises(GroupNotFound, NotAllowed),
)
async def unpin_post(
    group_id: GroupId, post_id: PostId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> None:
    """Remove a pin (moderators, admins, owners)."""
    result = await handle.unpin(ports, UnpinPost(group_id, post_id, caller))
    command_headers(response, result)
