"""The deadline timer: opens, ends and closes polls at their time.

Every worker runs it; the poll stream's version makes each step happen exactly once
(a second worker's append conflicts, decides again on fresh state and changes nothing).
It finds due polls in the ``polls`` read model and decides on the event store.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from polling_service.domain.model import format_time
from polling_service.handlers import closing, polls
from polling_service.ports import Ports
from polling_service.projections.polls import POLLS

log = logging.getLogger(__name__)
BATCH = 100


async def _due(ports: Ports, query: dict[str, object]) -> list[str]:
    cursor = ports.models[POLLS].find(query, {"_id": 1}).limit(BATCH)
    return [doc["_id"] async for doc in cursor]


async def tick(ports: Ports, now: datetime) -> int:
    """One pass; how many polls it acted on."""
    stamp = format_time(now)
    grace = format_time(now - timedelta(seconds=ports.options.close_grace_s))
    steps = 0
    for poll_id in await _due(ports, {"status": "scheduled", "opens_at": {"$lte": stamp}}):
        steps += await polls.open_when_due(ports, poll_id, now) is not None
    for poll_id in await _due(ports, {"status": "open", "closes_at": {"$lte": stamp}}):
        steps += bool((await closing.end_voting(ports, poll_id, now)).events)
    ended = await ports.models[POLLS].find({"status": "ended"}, {"ended_at": 1}).to_list(BATCH)
    for doc in ended:
        if format_time(doc["ended_at"]) <= grace:
            steps += await closing.close_when_ended(ports, doc["_id"]) is not None
    return steps


async def run(ports: Ports, stopped: Callable[[], bool], active: Callable[[], bool]) -> None:
    """Tick every ``timer_interval_s`` while ``active()`` (a worker), until ``stopped()``."""
    while not stopped():
        if active():
            try:
                await tick(ports, datetime.now(UTC))
            except Exception:  # the next tick retries; every step is idempotent
                log.exception("poll timer tick failed")
        await asyncio.sleep(ports.options.timer_interval_s)
