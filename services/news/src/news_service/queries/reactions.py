"""Reactions as views show them: counts per type and mine, for an article or its comments.

Counted at read time over the ``(target, reaction)`` index (bounded index ranges), never
from a stored counter.
"""

from __future__ import annotations

from typing import Any, get_args

from collab_events.news import NewsAudience, ReactionType
from pydantic import BaseModel, Field
from servicekit.projection import ReadModels

from news_service.domain.errors import CommentNotFound
from news_service.domain.reactions import Target
from news_service.projections.names import COMMENTS, REACTIONS
from news_service.projections.reactions import reaction_key, target_of

Doc = dict[str, Any]
TYPES: tuple[str, ...] = get_args(ReactionType)
IN_CHUNK = 50  # SecantusDB answers an $in of n ids in ~n^2: keep each one small


class Reactions(BaseModel):
    """How many reacted with each type, and my own reaction."""

    counts: dict[str, int] = Field(description="Per reaction type (types nobody chose: 0).")
    mine: str | None = Field(default=None, description="My reaction, if any.")


async def reactions_of(
    models: ReadModels, targets: list[str], employee_id: str
) -> dict[str, Reactions]:
    """Counts and my reaction for each target (an article id or ``<a>/comment:<c>``)."""
    collection = models[REACTIONS]
    counts = {t: dict.fromkeys(TYPES, 0) for t in targets}
    for target in targets:
        for kind in TYPES:
            counts[target][kind] = await collection.count_documents(
                {"target": target, "reaction": kind}
            )
    mine: dict[str, str | None] = {}
    for start in range(0, len(targets), IN_CHUNK):
        keys = [reaction_key(t, employee_id) for t in targets[start : start + IN_CHUNK]]
        async for doc in collection.find({"_id": {"$in": keys}}, {"target": 1, "reaction": 1}):
            mine[doc["target"]] = doc.get("reaction")
    return {t: Reactions(counts=counts[t], mine=mine.get(t)) for t in targets}


async def target(models: ReadModels, article: Doc, comment_id: str | None) -> Target:
    """What a reaction to the article (or to one live comment of it) is about."""
    content = article.get("content") or {}
    author = str(article.get("author_id", ""))
    if comment_id is not None:
        comment = await models[COMMENTS].find_one({"_id": comment_id})
        live = comment is not None and not comment.get("deleted")
        if not live or comment["article_id"] != article["_id"]:  # type: ignore[index]
            raise CommentNotFound("no such comment")
        author = str(comment["author_id"])  # type: ignore[index]
    return Target(
        article_id=article["_id"], channel_id=article["channel_id"], author_id=author or "unknown",
        audience=NewsAudience.model_validate(content.get("audience") or {}),
        open=article["status"] == "published" and bool(content.get("comments_enabled")),
        comment_id=comment_id,
    )  # fmt: skip


def comment_target(article_id: str, comment_id: str) -> str:
    """The reactions target of one comment."""
    return target_of(article_id, comment_id)
