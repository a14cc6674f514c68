"""Decisions about a post: publish, edit, delete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from collab_events.feed import PostContent, PostDeleted, PostEdited, PostPublished
from servicekit.commands import NO_CHANGE, Decision

from feed_service.domain.access import (
    deleter_role,
    ensure_postable,
    ensure_readable,
    ensure_writable,
    where,
)
from feed_service.domain.commands import DeletePost, EditPost, PublishPost
from feed_service.domain.errors import GroupNotFound, NotAllowed
from feed_service.domain.model import Draft, PlaceView, PostState
from feed_service.domain.streams import post_subject

if TYPE_CHECKING:
    from collections.abc import Sequence

    from collab_events.feed import Link


@dataclass(frozen=True, slots=True)
class PostContext:
    """A decision's view: the post stream, its place as the caller sees it, the new text."""

    post: PostState
    place: PlaceView
    draft: Draft | None = None


def decide_publish(command: PublishPost, ctx: PostContext) -> Decision:
    """PostPublished in a group the caller may post to, or on their profile; a retry: nothing."""
    if ctx.post.exists:
        return NO_CHANGE
    if command.group_id is not None and not ctx.place.visible:
        raise GroupNotFound()
    ensure_postable(ctx.place)
    draft = ctx.draft or Draft(command.text)
    me = command.caller.employee_id
    in_group = command.group_id is not None
    event = PostPublished(
        post_id=command.post_id,
        author_id=me,
        group_id=command.group_id,
        profile_id=None if in_group else me,
        visibility=ctx.place.visibility if in_group else "profile",
        content=_content(draft, command.links),
        mentions=list(draft.mentions),
        topics=list(draft.topics),
    )
    return Decision.of(post_subject(command.post_id), event)


def decide_edit(command: EditPost, ctx: PostContext) -> Decision:
    """PostEdited by the author with the complete new content; unchanged content: nothing."""
    ensure_readable(ctx.post, ctx.place, command.caller)
    if ctx.post.author_id != command.caller.employee_id:
        raise NotAllowed("Only the author may edit a post.")
    ensure_writable(ctx.place)
    draft = ctx.draft or Draft(command.text)
    content = _content(draft, command.links)
    if content == ctx.post.content:
        return NO_CHANGE
    event = PostEdited(
        post_id=command.post_id,
        author_id=ctx.post.author_id,
        content=content,
        mentions=list(draft.mentions),
        topics=list(draft.topics),
        **where(ctx.post, ctx.place),
    )
    return Decision.of(post_subject(command.post_id), event)


def decide_delete(command: DeletePost, ctx: PostContext) -> Decision:
    """PostDeleted by the author, a group moderator (and up) or a platform admin."""
    ensure_readable(ctx.post, ctx.place, command.caller)
    role = deleter_role(ctx.post, ctx.place, command.caller)
    event = PostDeleted(
        post_id=command.post_id,
        author_id=ctx.post.author_id,
        deleted_by=command.caller.employee_id,
        reason=role,
        attachments=[a.attachment_id for a in ctx.post.content.attachments],
        **where(ctx.post, ctx.place),
    )
    return Decision.of(post_subject(command.post_id), event)


def _content(draft: Draft, links: Sequence[Link]) -> PostContent:
    return PostContent(text=draft.text, links=list(links), attachments=list(draft.attachments))
