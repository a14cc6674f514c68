"""Polling events -> opened polls (their electorate), results (their voters)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.polling import (
    BallotCredentialIssued,
    PollCancelled,
    PollClosed,
    PollCreated,
    PollOpened,
    PollVotingEnded,
)
from collab_replicas import Replicas
from servicekit.projection import EventContext

from notification_service.domain.notices import Notice, Target
from notification_service.projections.audiences import audience_of
from notification_service.projections.causes import cause_of, live_replicas, origin_of
from notification_service.projections.inbox import INBOX, deliver
from notification_service.projections.names import POLLS, VOTERS


def poll_target(poll: dict[str, Any]) -> Target:
    """A notice about a poll."""
    return Target(
        kind="poll",
        id=poll["_id"],
        link=f"/polls/{poll['_id']}",
        group_id=poll.get("group_id"),
        origin=poll.get("origin"),
        context={"poll": poll.get("question")},
    )


async def electorate(replicas: Replicas, poll: dict[str, Any]) -> list[str]:
    """Who may vote: the group's active members, else the audience."""
    if poll.get("group_id"):
        return [e async for e in replicas.groups.active_member_ids(poll["group_id"])]
    return await replicas.audience_members(audience_of(poll.get("audience") or {}))


@INBOX.on(PollCreated)
async def record_poll(event: PollCreated, ctx: EventContext) -> None:
    """What the later poll events need: question, electorate rule, closing time."""
    audience = event.audience.model_dump() if event.audience else None
    poll = {
        "_id": event.poll_id,
        "owner_id": event.owner_id,
        "question": event.question,
        "group_id": event.group_id,
        "audience": audience,
        "closes_at": datetime.fromisoformat(event.closes_at),
        "status": "created",
        "origin": origin_of(ctx),
    }
    await ctx.models[POLLS].update_one({"_id": event.poll_id}, {"$set": poll}, upsert=True)


@INBOX.on(PollOpened)
async def notify_electorate(event: PollOpened, ctx: EventContext) -> None:
    """Everyone who may vote learns the poll opened (not its owner)."""
    polls = ctx.models[POLLS]
    await polls.update_one(
        {"_id": event.poll_id}, {"$set": {"status": "open", "opened": origin_of(ctx)}}
    )
    poll = await polls.find_one({"_id": event.poll_id})
    if poll is None:
        return
    voters = await electorate(live_replicas(ctx), poll)
    cause, target = cause_of(ctx, poll["owner_id"]), poll_target(poll)
    key = f"poll_opened:{event.poll_id}"
    await deliver(
        ctx, (Notice(v, "poll_opened", target, cause, key) for v in voters), checked_active=True
    )


@INBOX.on(BallotCredentialIssued, batched=True)
async def record_voter(event: BallotCredentialIssued, ctx: EventContext) -> None:
    """Who took part (the turnout record, never the choice)."""
    doc = {
        "_id": f"{event.poll_id}/{event.employee_id}",
        "poll_id": event.poll_id,
        "employee_id": event.employee_id,
    }
    ctx.writes.insert_if_absent(ctx.models[VOTERS], doc)


@INBOX.on(PollVotingEnded)
async def end_voting(event: PollVotingEnded, ctx: EventContext) -> None:
    """No more closing reminders."""
    await ctx.models[POLLS].update_one({"_id": event.poll_id}, {"$set": {"status": "ended"}})


@INBOX.on(PollCancelled)
async def cancel_poll(event: PollCancelled, ctx: EventContext) -> None:
    """No more closing reminders, no results."""
    await ctx.models[POLLS].update_one({"_id": event.poll_id}, {"$set": {"status": "cancelled"}})


@INBOX.on(PollClosed)
async def notify_voters_of_results(event: PollClosed, ctx: EventContext) -> None:
    """Everyone who voted learns the results are out."""
    polls = ctx.models[POLLS]
    await polls.update_one({"_id": event.poll_id}, {"$set": {"status": "closed"}})
    poll = await polls.find_one({"_id": event.poll_id})
    if poll is None:
        return
    found = ctx.models[VOTERS].find({"poll_id": event.poll_id}, {"employee_id": 1})
    voters = [doc["employee_id"] async for doc in found]
    cause, target = cause_of(ctx, None), poll_target(poll)
    key = f"poll_results:{event.poll_id}"
    await deliver(ctx, [Notice(v, "poll_results", target, cause, key) for v in voters])
