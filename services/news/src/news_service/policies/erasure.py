"""Erasure of a commenter: each of their comments gets ``ArticleCommentDeleted(erased)``
and its text is blanked in the event store, so other services learn of it and no stored
event keeps what they wrote. A redelivery finds the comments deleted and appends nothing.
(Reads, acknowledgements and obligations keep counting under an alias:
``projections/erasure.py``.)"""

from __future__ import annotations

from collab_events.news import ArticleCommentAdded, ArticleCommentDeleted, ArticleCommentEdited
from collab_events.profile import EmployeeErased
from servicekit.commands import NO_CHANGE, Decision, execute, one_stream
from servicekit.policy import Policy, PolicyContext

from news_service.domain.comments import COMMENT, CommentState
from news_service.ports import Ports

AUTHOR_FIELD = "author_id"
ERASURE = Policy(name="erasure", sources=("profile",))
REDACTED = {ArticleCommentAdded.type(): "content", ArticleCommentEdited.type(): "content"}


def _decide_erased(subject: str, state: CommentState) -> Decision:
    if not state.exists:
        return NO_CHANGE
    article_id, comment_id = subject.removeprefix("article:").split("/comment:", 1)
    event = ArticleCommentDeleted(article_id=article_id, comment_id=comment_id, reason="erased")
    return Decision.of(subject, event)


@ERASURE.on(EmployeeErased)
async def delete_comments_of_erased(event: EmployeeErased, ctx: PolicyContext[Ports]) -> None:
    """Delete and blank every comment the person wrote."""
    subjects = await ctx.store.streams_where(AUTHOR_FIELD, event.employee_id)
    for subject in (s for s in subjects if "/comment:" in s):
        handler = one_stream(COMMENT, lambda s: s, _decide_erased, ctx.store)
        await execute(ctx.store, handler, subject, metadata=ctx.metadata)
        await ctx.store.redact(subject, REDACTED)
