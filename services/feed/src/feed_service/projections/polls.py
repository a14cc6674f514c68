"""Read model ``feed_polls``: the group polls shown in their group's feed.

Only polls in a group are kept (an audience poll has no feed of its own). A poll is
listed from its opening (``key``: the opening time) and shows its question, options and
state; what the polling topic says about credentials, ballots, turnout and results is
not read at all, so no feed answer can tell anything about who voted or how.
"""

from __future__ import annotations

from collab_events.polling import PollCancelled, PollClosed, PollCreated, PollOpened
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext

from feed_service.projections.content import CONTENT
from feed_service.projections.feed import sort_key
from feed_service.projections.names import POLLS


@CONTENT.on(PollCreated, batched=True)
async def add_group_poll(event: PollCreated, ctx: EventContext) -> None:
    """A group poll's definition, not listed before it opens; other polls are not kept."""
    if event.group_id is None:
        return
    fields = {
        "group_id": event.group_id,
        "owner_id": event.owner_id,
        "question": event.question,
        "description": event.description,
        "options": [o.model_dump() for o in event.options],
        "poll_kind": event.kind,
        "secrecy": event.secrecy,
        "opens_at": event.opens_at,
        "closes_at": event.closes_at,
        "status": "scheduled",
        "listed": False,
    }
    ctx.writes.upsert_if_newer(ctx.models[POLLS], event.poll_id, ctx.version, fields)


async def _change_group_poll(poll_id: str, ctx: EventContext, fields: dict[str, object]) -> None:
    """Update a kept poll (a group's); a poll that was never kept stays absent."""
    polls = ctx.models[POLLS]
    if await polls.find_one({"_id": poll_id}, {"_id": 1}) is None:
        return
    await upsert_if_newer(polls, poll_id, ctx.version, fields)


@CONTENT.on(PollOpened)
async def list_opened_poll(event: PollOpened, ctx: EventContext) -> None:
    """Listed in the group's feed, at the time it opened."""
    at = ctx.envelope.time
    fields = {"status": "open", "listed": True, "opened_at": at, "key": sort_key(at, event.poll_id)}
    await _change_group_poll(event.poll_id, ctx, fields)


@CONTENT.on(PollClosed)
async def mark_poll_closed(event: PollClosed, ctx: EventContext) -> None:
    """Closed: still listed; the result stays with the polling service and its rules."""
    fields = {"status": "closed", "ended_at": ctx.envelope.time}
    await _change_group_poll(event.poll_id, ctx, fields)


@CONTENT.on(PollCancelled)
async def mark_poll_cancelled(event: PollCancelled, ctx: EventContext) -> None:
    """Cancelled: still listed as cancelled, so a member who saw it knows why it ended."""
    fields = {"status": "cancelled", "ended_at": ctx.envelope.time}
    await _change_group_poll(event.poll_id, ctx, fields)
