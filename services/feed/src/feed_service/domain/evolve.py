"""Fold events into state: ``evolve(state, event) -> state`` for every stream kind."""

from __future__ import annotations

from dataclasses import replace

from collab_events import Event
from collab_events.feed import (
    CommentAdded,
    CommentDeleted,
    CommentEdited,
    PostDeleted,
    PostEdited,
    PostHidden,
    PostPinned,
    PostPublished,
    PostRestored,
    PostUnpinned,
    ReactionRemoved,
    ReactionSet,
)

from feed_service.domain.model import CommentState, PinsState, PostState, ReactionState


def evolve_post(state: PostState, event: Event) -> PostState:
    """The post after ``event``."""
    match event:
        case PostPublished():
            return PostState(
                exists=True,
                author_id=event.author_id,
                group_id=event.group_id,
                profile_id=event.profile_id,
                visibility=event.visibility,
                content=event.content,
                mentions=tuple(event.mentions),
                topics=tuple(event.topics),
            )
        case PostEdited():
            mentions, topics = tuple(event.mentions), tuple(event.topics)
            return replace(state, content=event.content, mentions=mentions, topics=topics)
        case PostDeleted():
            return replace(state, deleted=True)
        case PostHidden():
            return replace(state, hidden=True)
        case PostRestored():
            return replace(state, hidden=False)
    return state


def evolve_pins(state: PinsState, event: Event) -> PinsState:
    """The group's pins after ``event``."""
    match event:
        case PostPinned():
            others = tuple(p for p in state.pins if p[0] != event.post_id)
            return PinsState((*others, (event.post_id, event.until)))
        case PostUnpinned():
            return PinsState(tuple(p for p in state.pins if p[0] != event.post_id))
    return state


def evolve_comment(state: CommentState, event: Event) -> CommentState:
    """The comment after ``event``."""
    match event:
        case CommentAdded():
            return CommentState(
                exists=True,
                post_id=event.post_id,
                parent_id=event.parent_id,
                author_id=event.author_id,
                content=event.content,
            )
        case CommentEdited():
            return replace(state, content=event.content)
        case CommentDeleted():
            return replace(state, deleted=True)
    return state


def evolve_reaction(state: ReactionState, event: Event) -> ReactionState:
    """The reaction after ``event``."""
    match event:
        case ReactionSet():
            return ReactionState(event.reaction, event)
        case ReactionRemoved():
            return ReactionState(None, state.last)
    return state
