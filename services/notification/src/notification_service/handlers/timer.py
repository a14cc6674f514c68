"""The worker's timer: "closing within 24 h" notices for polls, retention pruning."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

from notification_service.domain.notices import Cause, Notice
from notification_service.ports import Ports
from notification_service.projections.inbox import insert_new, single_doc
from notification_service.projections.mailqueue import enqueue
from notification_service.projections.names import NOTIFICATIONS, POLLS, VOTERS
from notification_service.projections.polling import electorate, poll_target
from notification_service.projections.unread import untrack

CLOSING_WITHIN = timedelta(hours=24)


async def prune(ports: Ports, now: datetime) -> int:
    """Delete notifications whose last cause is older than the retention (and take them out
    of the unread counters); how many."""
    cutoff = now - timedelta(days=ports.options.retention_days)
    notes, deleted = ports.models[NOTIFICATIONS], 0
    old = {"last_event_at": {"$lt": cutoff}}
    found = await notes.find(old, {"recipient": 1}).to_list(None)
    # By the ids found (50 at a time: $in is ~n²), so exactly these leave the counters.
    for start in range(0, len(found), 50):
        ids = [d["_id"] for d in found[start : start + 50]]
        deleted += (await notes.delete_many({"_id": {"$in": ids}})).deleted_count
    await untrack(ports.models, found)
    return deleted


def _closing_cause(poll: dict[str, Any], now: datetime) -> Cause:
    opened = poll.get("opened") or poll.get("origin") or {}
    return Cause(
        opened.get("id", poll["_id"]),
        opened.get("type", "collab.polling.opened.v1"),
        opened.get("subject", f"poll:{poll['_id']}"),
        None,
        now,
    )


async def remind_closing(ports: Ports, now: datetime) -> int:
    """Tell who may still vote in a poll closing within 24 h (once per poll and person)."""
    polls = ports.models[POLLS]
    horizon = now + CLOSING_WITHIN
    # By the (status, closes_at) index; whether it was told already is checked here.
    query = {"status": "open", "closes_at": {"$lte": horizon}}
    told = 0
    async for poll in polls.find(query):
        if poll.get("closing_sent") is True:
            continue
        voted = {
            d["employee_id"] async for d in ports.models[VOTERS].find({"poll_id": poll["_id"]})
        }
        pending = [e for e in await electorate(ports.replicas, poll) if e not in voted]
        cause, target = _closing_cause(poll, now), poll_target(poll)
        key = f"poll_closing:{poll['_id']}"
        docs = [single_doc(Notice(e, "poll_closing", target, cause, key), now) for e in pending]
        told += await insert_new(ports.models, docs)  # duplicates: told before a crash
        await enqueue(ports.models, [d["_id"] for d in docs])
        await polls.update_one({"_id": poll["_id"]}, {"$set": {"closing_sent": True}})
    return told


async def run_timer(ports: Ports, stop: asyncio.Event) -> None:
    """Every ``timer_interval_s`` until ``stop``."""
    while not stop.is_set():
        now = datetime.now(UTC)
        await remind_closing(ports, now)
        await prune(ports, now)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=ports.options.timer_interval_s)
