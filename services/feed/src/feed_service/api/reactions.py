"""Routes of reactions: my one reaction to a post or a comment, set or removed."""

from __future__ import annotations

from fastapi import APIRouter, Response
from servicekit.http.commands import command_headers

from feed_service.api.deps import CommentId, CurrentCaller, PortsDep, PostId
from feed_service.api.errors import DomainRoute, raises
from feed_service.api.models import CommandResult, ReactionBody
from feed_service.domain.commands import RemoveReaction, SetReaction
from feed_service.domain.errors import CommentNotFound, GroupArchived, PostNotFound
from feed_service.handlers import reactions as handle

router = APIRouter(prefix="/v1/posts/{post_id}", tags=["reactions"], route_class=DomainRoute)
ON_POST = raises(PostNotFound, GroupArchived)
ON_COMMENT = raises(PostNotFound, CommentNotFound, GroupArchived)


@router.put("/reactions/me", responses=ON_POST)
async def react_to_post(
    post_id: PostId, body: ReactionBody, response: Response, caller: CurrentCaller, ports: PortsDep
) -> CommandResult:
    """Set your reaction to the post (a new type replaces your old one)."""
    result = await handle.set_reaction(ports, SetReaction(post_id, caller, body.type))
    command_headers(response, result)
    return CommandResult(id=post_id, version=result.version)


@router.delete("/reactions/me", status_code=204, responses=raises(PostNotFound))
async def unreact_to_post(
    post_id: PostId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> None:
    """Remove your reaction to the post."""
    result = await handle.remove_reaction(ports, RemoveReaction(post_id, caller))
    command_headers(response, result)


@router.put("/comments/{comment_id}/reactions/me", responses=ON_COMMENT)
async def react_to_comment(
    post_id: PostId,
    comment_id: CommentId,
    body: ReactionBody,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> CommandResult:
    """Set your reaction to a comment."""
    command = SetReaction(post_id, caller, body.type, comment_id)
    result = await handle.set_reaction(ports, command)
    command_headers(response, result)
    return CommandResult(id=comment_id, version=result.version)


@router.delete(
    "/comments/{comment_id}/reactions/me",
    status_code=204,
    responses=raises(PostNotFound, CommentNotFound),
)
async def unreact_to_comment(
    post_id: PostId,
    comment_id: CommentId,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> None:
    """Remove your reaction to a comment."""
    result = await handle.remove_reaction(ports, RemoveReaction(post_id, caller, comment_id))
    command_headers(response, result)
