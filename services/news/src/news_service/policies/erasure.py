"""Erasure of a person: each of their comments gets ``ArticleCommentDeleted(erased)`` and
its text is blanked in the event store, and each of their reactions gets
``ArticleReactionRemoved(erased)``, so other services learn of it and no stored event keeps
what they wrote. A redelivery finds them deleted and appends nothing. (Reads,
acknowledgements and obligations keep counting under an alias: ``projections/erasure.py``;
stored events name people by id only, never by name or e-mail.)"""

from __future__ import annotations

from collab_events.news import ArticleCommentAdded, ArticleCommentDeleted, ArticleCommentEdited
from collab_events.profile import EmployeeErased
from servicekit.commands import NO_CHANGE, Decision, execute, one_stream
from servicekit.policy import Policy, PolicyContext

from news_service.domain.comments import COMMENT, CommentState
from news_service.handlers.reactions import remove_erased_reactions
from news_service.ports import Ports
from news_service.registries.erased import ErasedPeople

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
async def erase_contributions(event: EmployeeErased, ctx: PolicyContext[Ports]) -> None:
    """Delete and blank every comment the person wrote; remove every reaction of theirs."""
    await ErasedPeople(ctx.ports.models.db).add(event.employee_id)
    subjects = await ctx.store.streams_where(AUTHOR_FIELD, event.employee_id)
    for subject in (s for s in subjects if "/comment:" in s and "/reaction:" not in s):
        handler = one_stream(COMMENT, lambda s: s, _decide_erased, ctx.store)
        await execute(ctx.store, handler, subject, metadata=ctx.metadata)
        await ctx.store.redact(subject, REDACTED)
    await remove_erased_reactions(ctx.ports, event.employee_id, ctx.metadata)
