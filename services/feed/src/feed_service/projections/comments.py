"""Read model ``comments`` from the comment streams (write-only handlers: ``batched``)."""

from __future__ import annotations

from collab_events.feed import CommentAdded, CommentDeleted, CommentEdited
from servicekit.projection import EventContext

from feed_service.projections.feed import FEED, sort_key
from feed_service.projections.names import COMMENTS
from feed_service.projections.terms import search_terms


@FEED.on(CommentAdded, batched=True)
async def add_comment(event: CommentAdded, ctx: EventContext) -> None:
    """A new comment (or reply) in its post's oldest-first order."""
    at = ctx.envelope.time
    doc = {
        "post_id": event.post_id,
        "parent_id": event.parent_id,
        "author_id": event.author_id,
        "text": event.content.text,
        "terms": search_terms(event.content.text),
        "mentions": list(event.mentions),
        "created_at": at,
        "edited_at": None,
        "key": sort_key(at, event.comment_id),
        "deleted": False,
    }
    ctx.writes.upsert_if_newer(ctx.models[COMMENTS], event.comment_id, ctx.version, doc)


@FEED.on(CommentEdited, batched=True)
async def apply_comment_edit(event: CommentEdited, ctx: EventContext) -> None:
    """The new text and ``edited_at``."""
    fields = {
        "text": event.content.text,
        "terms": search_terms(event.content.text),
        "mentions": list(event.mentions),
        "edited_at": ctx.envelope.time,
    }
    ctx.writes.upsert_if_newer(ctx.models[COMMENTS], event.comment_id, ctx.version, fields)


@FEED.on(CommentDeleted, batched=True)
async def remove_comment(event: CommentDeleted, ctx: EventContext) -> None:
    """A tombstone without text; it leaves every list."""
    tombstone = {"post_id": event.post_id, "author_id": event.author_id, "deleted": True}
    ctx.writes.replace_if_newer(ctx.models[COMMENTS], event.comment_id, ctx.version, tombstone)
