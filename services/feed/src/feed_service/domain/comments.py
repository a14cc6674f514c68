"""Decisions about comments: add (one level of replies), edit, delete."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.feed import CommentAdded, CommentContent, CommentDeleted, CommentEdited
from servicekit.commands import NO_CHANGE, Decision

from feed_service.domain.access import deleter_role, ensure_readable, ensure_writable, where
from feed_service.domain.commands import AddComment, DeleteComment, EditComment
from feed_service.domain.errors import CommentNotFound, NotAllowed, ReplyToReply
from feed_service.domain.model import CommentState, Draft, PlaceView, PostState
from feed_service.domain.streams import comment_subject


@dataclass(frozen=True, slots=True)
class CommentContext:
    """The comment stream, its post, the post's place, the parent (replies) and the new text."""

    comment: CommentState
    post: PostState
    place: PlaceView
    parent: CommentState | None = None
    draft: Draft | None = None


def decide_add(command: AddComment, ctx: CommentContext) -> Decision:
    """CommentAdded by anyone who may read the post; a retry changes nothing."""
    if ctx.comment.exists:
        return NO_CHANGE
    ensure_readable(ctx.post, ctx.place, command.caller)
    ensure_writable(ctx.place)
    if command.parent_id is not None:
        parent = ctx.parent or CommentState()
        if not parent.exists or parent.deleted or parent.post_id != command.post_id:
            raise CommentNotFound("The comment you reply to does not exist.")
        if parent.parent_id is not None:
            raise ReplyToReply()
    draft = ctx.draft or Draft(command.text)
    event = CommentAdded(
        post_id=command.post_id,
        comment_id=command.comment_id,
        parent_id=command.parent_id,
        author_id=command.caller.employee_id,
        post_author_id=ctx.post.author_id,
        content=CommentContent(text=draft.text),
        mentions=list(draft.mentions),
        **where(ctx.post, ctx.place),
    )
    return Decision.of(comment_subject(command.comment_id), event)


def _ensure_comment(command: EditComment | DeleteComment, ctx: CommentContext) -> None:
    ensure_readable(ctx.post, ctx.place, command.caller)
    comment = ctx.comment
    if not comment.exists or comment.deleted or comment.post_id != command.post_id:
        raise CommentNotFound()


def decide_edit(command: EditComment, ctx: CommentContext) -> Decision:
    """CommentEdited by the author; unchanged text changes nothing."""
    _ensure_comment(command, ctx)
    if ctx.comment.author_id != command.caller.employee_id:
        raise NotAllowed("Only the author may edit a comment.")
    ensure_writable(ctx.place)
    draft = ctx.draft or Draft(command.text)
    content = CommentContent(text=draft.text)
    if content == ctx.comment.content:
        return NO_CHANGE
    event = CommentEdited(
        post_id=command.post_id,
        comment_id=command.comment_id,
        author_id=ctx.comment.author_id,
        content=content,
        mentions=list(draft.mentions),
        **where(ctx.post, ctx.place),
    )
    return Decision.of(comment_subject(command.comment_id), event)


def decide_delete(command: DeleteComment, ctx: CommentContext) -> Decision:
    """CommentDeleted by the author, a group moderator (and up) or a platform admin."""
    _ensure_comment(command, ctx)
    deleter_role(PostState(author_id=ctx.comment.author_id), ctx.place, command.caller)
    event = CommentDeleted(
        post_id=command.post_id,
        comment_id=command.comment_id,
        author_id=ctx.comment.author_id,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(comment_subject(command.comment_id), event)
