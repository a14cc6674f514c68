"""Read model ``comments``: each live comment of an article (deleted ones are removed)."""

from __future__ import annotations

from collab_events.news import ArticleCommentAdded, ArticleCommentDeleted, ArticleCommentEdited
from servicekit.projection import EventContext

from news_service.projections.names import COMMENTS
from news_service.projections.news import NEWS


@NEWS.on(ArticleCommentAdded, batched=True)
async def add_comment(event: ArticleCommentAdded, ctx: EventContext) -> None:
    """A new comment, listed oldest first by its id (time-ordered)."""
    fields = {
        "article_id": event.article_id, "author_id": event.author_id,
        "text": event.content.text, "created_at": ctx.envelope.time, "deleted": False,
    }  # fmt: skip
    ctx.writes.upsert_if_newer(ctx.models[COMMENTS], event.comment_id, ctx.version, fields)


@NEWS.on(ArticleCommentEdited, batched=True)
async def edit_comment(event: ArticleCommentEdited, ctx: EventContext) -> None:
    """The new text."""
    fields = {"text": event.content.text, "edited_at": ctx.envelope.time}
    ctx.writes.upsert_if_newer(ctx.models[COMMENTS], event.comment_id, ctx.version, fields)


@NEWS.on(ArticleCommentDeleted, batched=True)
async def delete_comment(event: ArticleCommentDeleted, ctx: EventContext) -> None:
    """Gone: text and author dropped, the version kept so that replays stay no-ops."""
    fields = {"article_id": event.article_id, "deleted": True}
    collection = ctx.models[COMMENTS]
    ctx.writes.upsert_if_newer(collection, event.comment_id, ctx.version, fields,
                               unset=["text", "author_id"])  # fmt: skip
