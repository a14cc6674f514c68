"""Reactions to articles and comments: one per person and target, replaced or removed.

Stream ``article:<a>/reaction:<e>`` or ``article:<a>/comment:<c>/reaction:<e>``: one per
person and target, so a whole company reacting at once never contends on one stream.
"""

from __future__ import annotations

from dataclasses import dataclass

from collab_events import Event
from collab_events.news import (
    ArticleReactionRemoved,
    ArticleReactionSet,
    NewsAudience,
    ReactionType,
)
from servicekit.commands import NO_CHANGE, Aggregate, Decision

from news_service.domain import errors


def reaction_subject(article_id: str, employee_id: str, comment_id: str | None = None) -> str:
    """One person's reaction to the article, or to one comment of it."""
    target = f"article:{article_id}" if comment_id is None else (
        f"article:{article_id}/comment:{comment_id}"
    )  # fmt: skip
    return f"{target}/reaction:{employee_id}"


@dataclass(frozen=True, slots=True)
class ReactionState:
    """The person's current reaction (None: none)."""

    reaction: str | None = None


def evolve_reaction(state: ReactionState, event: Event) -> ReactionState:
    """After a set or a removal."""
    match event:
        case ArticleReactionSet():
            return ReactionState(event.reaction)
        case ArticleReactionRemoved():
            return ReactionState(None)
    return state


REACTION = Aggregate(ReactionState, evolve_reaction)


@dataclass(frozen=True, slots=True)
class Target:
    """What is reacted to, as the read models see it when the command is decided."""

    article_id: str
    channel_id: str
    author_id: str
    audience: NewsAudience
    open: bool
    comment_id: str | None = None


@dataclass(frozen=True, slots=True)
class React:
    """Set ``reaction`` (None: remove mine); ``erased``: the person's erasure removes it."""

    target: Target
    employee_id: str
    reaction: ReactionType | None
    erased: bool = False


def subject_of(command: React) -> str:
    """The command's stream."""
    t = command.target
    return reaction_subject(t.article_id, command.employee_id, t.comment_id)


def decide_reaction(command: React, state: ReactionState) -> Decision:
    """Set (the same one again changes nothing) or remove (none to remove: nothing)."""
    t = command.target
    fields = {
        "article_id": t.article_id, "comment_id": t.comment_id, "employee_id": command.employee_id,
        "channel_id": t.channel_id, "target_author_id": t.author_id, "audience": t.audience,
    }  # fmt: skip
    if command.reaction is None:
        if state.reaction is None:
            return NO_CHANGE
        return Decision.of(
            subject_of(command), ArticleReactionRemoved(**fields, erased=command.erased)
        )
    if not t.open:
        raise errors.ReactionsClosed("this article takes no reactions")
    if state.reaction == command.reaction:
        return NO_CHANGE
    return Decision.of(subject_of(command), ArticleReactionSet(**fields, reaction=command.reaction))
