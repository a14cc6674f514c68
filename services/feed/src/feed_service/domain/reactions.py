"""Decisions about reactions: one per person per post (or comment), replaced or removed."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.feed import ReactionRemoved, ReactionSet
from servicekit.commands import NO_CHANGE, Decision

from feed_service.domain.access import ensure_readable, ensure_writable, where
from feed_service.domain.commands import RemoveReaction, SetReaction
from feed_service.domain.errors import CommentNotFound
from feed_service.domain.model import CommentState, PlaceView, PostState, ReactionState
from feed_service.domain.streams import reaction_subject


@dataclass(frozen=True, slots=True)
class ReactionContext:
    """The person's reaction stream, the post, its place and the comment reacted to."""

    reaction: ReactionState
    post: PostState
    place: PlaceView
    comment: CommentState | None = None


def _ensure_target(command: SetReaction | RemoveReaction, ctx: ReactionContext) -> None:
    ensure_readable(ctx.post, ctx.place, command.caller)
    if command.comment_id is None:
        return
    comment = ctx.comment or CommentState()
    if not comment.exists or comment.deleted or comment.post_id != command.post_id:
        raise CommentNotFound()


def _subject(command: SetReaction | RemoveReaction) -> str:
    return reaction_subject(command.post_id, command.caller.employee_id, command.comment_id)


def decide_set(command: SetReaction, ctx: ReactionContext) -> Decision:
    """ReactionSet; the same reaction again changes nothing."""
    _ensure_target(command, ctx)
    ensure_writable(ctx.place)
    if ctx.reaction.reaction == command.reaction:
        return NO_CHANGE
    event = ReactionSet(
        post_id=command.post_id,
        comment_id=command.comment_id,
        employee_id=command.caller.employee_id,
        reaction=command.reaction,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(_subject(command), event)


def decide_remove(command: RemoveReaction, ctx: ReactionContext) -> Decision:
    """ReactionRemoved; no reaction to remove changes nothing."""
    _ensure_target(command, ctx)
    if ctx.reaction.reaction is None:
        return NO_CHANGE
    event = ReactionRemoved(
        post_id=command.post_id,
        comment_id=command.comment_id,
        employee_id=command.caller.employee_id,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(_subject(command), event)
