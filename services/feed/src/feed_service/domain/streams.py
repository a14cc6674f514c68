"""Stream names and how each stream kind's state is folded from its events."""

from __future__ import annotations

from servicekit.commands import Aggregate

from feed_service.domain.evolve import evolve_comment, evolve_pins, evolve_post, evolve_reaction
from feed_service.domain.model import CommentState, PinsState, PostState, ReactionState

POST = Aggregate[PostState](initial=PostState, evolve=evolve_post)
PINS = Aggregate[PinsState](initial=PinsState, evolve=evolve_pins)
COMMENT = Aggregate[CommentState](initial=CommentState, evolve=evolve_comment)
REACTION = Aggregate[ReactionState](initial=ReactionState, evolve=evolve_reaction)
REPORT = Aggregate[bool](initial=bool, evolve=lambda reported, event: True)


def post_subject(post_id: str) -> str:
    """The stream of one post: content, edits, deletion, moderation."""
    return f"post:{post_id}"


def pins_subject(group_id: str) -> str:
    """The stream of one group's pins (few writers: its moderators)."""
    return f"pins:{group_id}"


def comment_subject(comment_id: str) -> str:
    """The stream of one comment."""
    return f"comment:{comment_id}"


def report_subject(post_id: str, reporter_id: str) -> str:
    """One person's report of one post: reports never write the post stream."""
    return f"report:{post_id}/{reporter_id}"


def reaction_subject(post_id: str, employee_id: str, comment_id: str | None = None) -> str:
    """One person's reaction to a post (or to one of its comments): never a hot stream."""
    if comment_id is None:
        return f"reaction:{post_id}/{employee_id}"
    return f"reaction:{post_id}/comment:{comment_id}/{employee_id}"
