"""Read model ``reactions``: one document per person and target (an article or a comment).

Counts are never stored as counters (that would be an unguarded ``$inc``): views count
the documents per type over the ``(target, reaction)`` index, so redeliveries, replays
and erasure can never make a count drift. An erased person's reactions are deleted and
never written again (a rebuild replays them from the topic: the erased registry drops
them), so their id is in no document.
"""

from __future__ import annotations

from collab_events.news import ArticleReactionRemoved, ArticleReactionSet
from servicekit.projection import EventContext

from news_service.projections.names import REACTIONS
from news_service.projections.news import NEWS
from news_service.registries.erased import ErasedPeople


def target_of(article_id: str, comment_id: str | None) -> str:
    """What is reacted to: the article, or one comment of it."""
    return article_id if comment_id is None else f"{article_id}/comment:{comment_id}"


def reaction_key(target: str, employee_id: str) -> str:
    """``<target>/<employee>``."""
    return f"{target}/{employee_id}"


async def _key_unless_erased(
    event: ArticleReactionSet | ArticleReactionRemoved, ctx: EventContext
) -> str | None:
    key = reaction_key(target_of(event.article_id, event.comment_id), event.employee_id)
    if await ErasedPeople(ctx.models.db).erased(event.employee_id):
        ctx.writes.delete_if_older(ctx.models[REACTIONS], key, ctx.version + 1)
        return None
    return key


@NEWS.on(ArticleReactionSet, batched=True)
async def record_reaction(event: ArticleReactionSet, ctx: EventContext) -> None:
    """The person's reaction (replacing their earlier one)."""
    if (key := await _key_unless_erased(event, ctx)) is None:
        return
    doc = {
        "target": target_of(event.article_id, event.comment_id), "article_id": event.article_id,
        "employee_id": event.employee_id, "reaction": event.reaction,
    }  # fmt: skip
    ctx.writes.upsert_if_newer(ctx.models[REACTIONS], key, ctx.version, doc)


@NEWS.on(ArticleReactionRemoved, batched=True)
async def clear_reaction(event: ArticleReactionRemoved, ctx: EventContext) -> None:
    """No reaction any more (the document keeps the version guard)."""
    if (key := await _key_unless_erased(event, ctx)) is None:
        return
    fields = {"target": target_of(event.article_id, event.comment_id), "reaction": None}
    ctx.writes.upsert_if_newer(ctx.models[REACTIONS], key, ctx.version, fields)
