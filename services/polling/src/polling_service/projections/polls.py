"""Read model ``polls``: each poll's definition, status, electorate size and result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collab_events.polling import (
    PollCancelled,
    PollClosed,
    PollCreated,
    PollOpened,
    PollVotingEnded,
)
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels

Doc = dict[str, Any]
POLLS = "polls"
POLLS_PROJECTION = Projection(name="polls", sources=("polling",), collections=(POLLS,))


@POLLS_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """The timer's lookups by status and time, polls by group and by owner (export)."""
    polls = models[POLLS]
    await polls.create_index([("status", 1), ("opens_at", 1)])
    await polls.create_index([("status", 1), ("closes_at", 1)])
    await polls.create_index("group_id")
    await polls.create_index([("owner_id", 1), ("_id", 1)])


@POLLS_PROJECTION.on(PollCreated)
async def add_poll(event: PollCreated, ctx: EventContext) -> None:
    """A scheduled poll (``opens_at`` empty: due at once)."""
    fields = event.model_dump(mode="json", exclude={"poll_id"})
    fields.update(status="scheduled", opens_at=event.opens_at or "", created_at=ctx.envelope.time)
    await upsert_if_newer(ctx.models[POLLS], event.poll_id, ctx.version, fields)


@POLLS_PROJECTION.on(PollOpened)
async def mark_open(event: PollOpened, ctx: EventContext) -> None:
    """Voting runs; the electorate is frozen."""
    opened = event.model_dump(mode="json", exclude={"poll_id"})
    await _merge(ctx, event.poll_id, lambda doc: {"status": "open", **opened})


@POLLS_PROJECTION.on(PollVotingEnded)
async def mark_ended(event: PollVotingEnded, ctx: EventContext) -> None:
    """No more ballots; the tally follows after the grace period."""
    ended = {"status": "ended", "ended_at": ctx.envelope.time, "end_reason": event.reason}
    await _merge(ctx, event.poll_id, lambda doc: ended)


@POLLS_PROJECTION.on(PollClosed)
async def record_result(event: PollClosed, ctx: EventContext) -> None:
    """The final result and the ballot-list digest."""
    closed = event.model_dump(mode="json", exclude={"poll_id"})
    await _merge(ctx, event.poll_id, lambda doc: {"status": "closed", **closed})


@POLLS_PROJECTION.on(PollCancelled)
async def mark_cancelled(event: PollCancelled, ctx: EventContext) -> None:
    """Cancelled: no result."""
    await _merge(ctx, event.poll_id, lambda doc: {"status": "cancelled"})


async def _merge(ctx: EventContext, poll_id: str, change: Callable[[Doc], Doc]) -> None:
    """Read-modify-write guarded by the poll stream's version (one stream, in order)."""
    collection = ctx.models[POLLS]
    doc = await collection.find_one({"_id": poll_id})
    if doc is None or doc["_v"] >= ctx.version:
        return
    merged = {**doc, **change(doc)}
    fields = {k: v for k, v in merged.items() if k not in ("_id", "_v")}
    await upsert_if_newer(collection, poll_id, ctx.version, fields)
