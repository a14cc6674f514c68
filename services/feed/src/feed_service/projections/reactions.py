"""Read model ``reactions``: one document per person and target (a post or a comment).

Counts are not kept as counters (that would be an unguarded ``$inc``): a view counts the
documents per type with one indexed aggregation, so redeliveries and erasure can never
make a count drift. Both handlers only queue their writes (``batched``): a burst of
reactions is one bulk write per Kafka batch.
"""

from __future__ import annotations

from collab_events.feed import ReactionRemoved, ReactionSet
from servicekit.projection import EventContext

from feed_service.projections.feed import FEED
from feed_service.projections.names import REACTIONS


def target_of(post_id: str, comment_id: str | None) -> str:
    """What is reacted to: the post, or one comment of it."""
    return post_id if comment_id is None else f"{post_id}/comment:{comment_id}"


def _key(event: ReactionSet | ReactionRemoved) -> str:
    return f"{target_of(event.post_id, event.comment_id)}/{event.employee_id}"


@FEED.on(ReactionSet, batched=True)
async def record_reaction(event: ReactionSet, ctx: EventContext) -> None:
    """The person's reaction (replacing their old one)."""
    doc = {
        "target": target_of(event.post_id, event.comment_id),
        "post_id": event.post_id,
        "employee_id": event.employee_id,
        "reaction": event.reaction,
    }
    ctx.writes.upsert_if_newer(ctx.models[REACTIONS], _key(event), ctx.version, doc)


@FEED.on(ReactionRemoved, batched=True)
async def clear_reaction(event: ReactionRemoved, ctx: EventContext) -> None:
    """No reaction any more (the document keeps the version guard)."""
    fields = {"target": target_of(event.post_id, event.comment_id), "reaction": None}
    ctx.writes.upsert_if_newer(ctx.models[REACTIONS], _key(event), ctx.version, fields)
