"""On ``EmployeeErased``: delete the person's posts and comments, remove their reactions.

Each is an ordinary event on its own stream (other services learn of it), decided on the
stream's current state, so a redelivered erasure appends nothing. Then the person's
content is blanked in the stored events (``store.redact``): the event store keeps no
text of theirs. Mentions of them elsewhere are ``@{id}`` markers, never a name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collab_events.feed import (
    CommentAdded,
    CommentDeleted,
    CommentEdited,
    PostDeleted,
    PostEdited,
    PostPublished,
    ReactionRemoved,
)
from collab_events.profile import EmployeeErased
from servicekit.commands import NO_CHANGE, Aggregate, Decision, execute, load_state, one_stream
from servicekit.policy import Policy, PolicyContext
from servicekit.streams import EventStorePort, Metadata

from feed_service.domain.access import where
from feed_service.domain.model import CommentState, PostState, ReactionState
from feed_service.domain.streams import COMMENT, POST, REACTION

AUTHOR_FIELD, REACTOR_FIELD = "author_id", "employee_id"
POST_CONTENT = {PostPublished.type(): "content", PostEdited.type(): "content"}
COMMENT_CONTENT = {CommentAdded.type(): "content", CommentEdited.type(): "content"}

ERASURE = Policy(name="erasure", sources=("profile",))


def _delete_post(subject: str, post: PostState) -> Decision:
    if not post.live:
        return NO_CHANGE
    post_id = subject.removeprefix("post:")
    attachments = [a.attachment_id for a in post.content.attachments]
    event = PostDeleted(
        post_id=post_id,
        author_id=post.author_id,
        reason="erased",
        attachments=attachments,
        **where(post),
    )
    return Decision.of(subject, event)


def _delete_comment(subject: str, comment: CommentState, post: PostState) -> Decision:
    if not comment.exists or comment.deleted:
        return NO_CHANGE
    event = CommentDeleted(
        post_id=comment.post_id,
        comment_id=subject.removeprefix("comment:"),
        author_id=comment.author_id,
        erased=True,
        **where(post),
    )
    return Decision.of(subject, event)


async def _once(
    store: EventStorePort,
    subject: str,
    aggregate: Aggregate[Any],
    decide: Callable[[str, Any], Decision],
    metadata: Metadata,
) -> None:
    handler = one_stream(aggregate, lambda s: s, decide, store)
    await execute(store, handler, subject, metadata=metadata)


@ERASURE.on(EmployeeErased)
async def erase_contributions(event: EmployeeErased, ctx: PolicyContext[Any]) -> None:
    """Delete posts and comments, remove reactions, blank the stored content."""
    store, meta, me = ctx.store, ctx.metadata, event.employee_id
    for subject in await store.streams_where(AUTHOR_FIELD, me):
        if subject.startswith("post:"):
            await _once(store, subject, POST, _delete_post, meta)
            await store.redact(subject, POST_CONTENT)
        elif subject.startswith("comment:"):
            await _erase_comment(store, subject, meta)
    for subject in await store.streams_where(REACTOR_FIELD, me):
        if subject.startswith("reaction:"):
            await _once(store, subject, REACTION, _remove_reaction, meta)


async def _erase_comment(store: EventStorePort, subject: str, meta: Metadata) -> None:
    comment, _ = await load_state(store, subject, COMMENT)
    post, _ = await load_state(store, f"post:{comment.post_id}", POST)
    await _once(store, subject, COMMENT, lambda s, c: _delete_comment(s, c, post), meta)
    await store.redact(subject, COMMENT_CONTENT)


def _remove_reaction(subject: str, reaction: ReactionState) -> Decision:
    last = reaction.last
    if reaction.reaction is None or last is None:
        return NO_CHANGE
    fields = last.model_dump(include={"post_id", "comment_id", "employee_id", "group_id"})
    place = {"profile_id": last.profile_id, "visibility": last.visibility}
    return Decision.of(subject, ReactionRemoved(**fields, **place))
