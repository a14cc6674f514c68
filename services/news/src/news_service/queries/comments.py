"""An article's live comments, oldest first, each with its reactions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from servicekit.http.cursors import decode_cursor, next_cursor
from servicekit.projection import ReadModels

from news_service.projections.names import COMMENTS
from news_service.queries.reactions import Reactions, comment_target, reactions_of


class CommentView(BaseModel):
    """One comment."""

    id: str
    author_id: str
    text: str
    created_at: datetime
    edited_at: datetime | None = None
    reactions: Reactions


class CommentPage(BaseModel):
    """Comments oldest first."""

    items: list[CommentView]
    next_cursor: str | None = None


async def comments(
    models: ReadModels, article_id: str, employee_id: str, cursor: str | None, limit: int
) -> CommentPage:
    """The article's comments after the cursor (ids are time-ordered)."""
    query: dict[str, object] = {"article_id": article_id, "deleted": False}
    if (after := decode_cursor(cursor)) is not None:
        query["_id"] = {"$gt": after}
    found = models[COMMENTS].find(query).sort("_id", 1).limit(limit + 1)
    docs = await found.to_list(None)
    targets = [comment_target(article_id, d["_id"]) for d in docs[:limit]]
    counted = await reactions_of(models, targets, employee_id)
    items = [
        CommentView(id=d["_id"], author_id=d["author_id"], text=d["text"],
                    created_at=d["created_at"], edited_at=d.get("edited_at"), reactions=counted[t])
        for d, t in zip(docs[:limit], targets, strict=True)
    ]  # fmt: skip
    last = items[-1].id if len(docs) > limit else None
    return CommentPage(items=items, next_cursor=next_cursor(last))
