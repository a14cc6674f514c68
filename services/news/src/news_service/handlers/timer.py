"""The worker's timer: publishes scheduled articles, sends reminder rounds, obliges later
audience entrants.

Every worker runs it; each step is decided on the event store (the article, reminders or
entrants stream), so a second worker's append conflicts, decides again on fresh state and
changes nothing: one publication, one reminder round, across restarts too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from servicekit.commands import execute, load_state, one_stream

from news_service.domain.audience import replica_audience
from news_service.domain.commands import AddEntrants, SendReminders
from news_service.domain.model import ROUNDS, format_time, parse_time
from news_service.domain.reading import decide_entrants, decide_reminders
from news_service.domain.streams import entrants_subject, reminders_subject
from news_service.handlers.articles import current_article, publish_article
from news_service.ports import Ports
from news_service.projections.erasure import ALIAS_PREFIX as ALIAS
from news_service.projections.names import ARTICLES, READERS
from news_service.queries.obliged import obliged_ids

log = logging.getLogger(__name__)
Doc = dict[str, Any]
BATCH = 100
LIVE_MUST_READ = {"must_read": True, "status": "published"}


async def publish_due(ports: Ports, now: datetime) -> int:
    """Publish every scheduled article whose time has come."""
    query = {"status": "scheduled", "publish_at": {"$lte": format_time(now)}}
    docs = await ports.models[ARTICLES].find(query, {"_id": 1}).to_list(BATCH)
    published = [await publish_article(ports, doc["_id"], now, None) for doc in docs]
    return sum(result is not None for result in published)


def due_round(doc: Doc, now: datetime) -> int:
    """The reminder round due now (0: none; past the deadline: none)."""
    every, first = doc.get("remind_every_s"), doc.get("first_published_at")
    deadline = doc.get("acknowledge_by")
    if not every or not first or (deadline and now > parse_time(deadline)):
        return 0
    return int((now - parse_time(first)).total_seconds() // every)


async def pending_of(ports: Ports, article: Doc, required: int) -> list[str]:
    """The obliged who have not acknowledged ``required``."""
    article_id = article["_id"]
    everyone = await obliged_ids(ports.models, ports.store, ports.snapshots, article)
    # Aliases of erased people stay counted in reports but are reminded of nothing.
    obliged = {e for e in everyone if not e.startswith(ALIAS)}
    query = {"article_id": article_id, "acknowledged_version": {"$gte": required}}
    found = ports.models[READERS].find(query, {"employee_id": 1})
    acked = {doc["employee_id"] async for doc in found}
    return sorted(obliged - acked)


def _reminders(command: SendReminders) -> str:
    return reminders_subject(command.article_id)


def _entrants(command: AddEntrants) -> str:
    return entrants_subject(command.article_id)


async def remind(ports: Ports, now: datetime) -> int:
    """Send each live must-read's due round once."""
    query = {**LIVE_MUST_READ, "remind_every_s": {"$gte": 1}}
    sent = 0
    async for doc in ports.models[ARTICLES].find(query, {"content": 0, "search": 0}):
        number = due_round(doc, now)
        if number < 1:
            continue
        state, _ = await load_state(ports.store, reminders_subject(doc["_id"]), ROUNDS)
        if number in state.rounds:
            continue
        pending = await pending_of(ports, doc, int(doc["required_version"]))
        version, deadline = int(doc["version"]), doc.get("acknowledge_by")
        command = SendReminders(doc["_id"], number, version, tuple(pending), deadline)
        handler = one_stream(ROUNDS, _reminders, decide_reminders, ports.store)
        sent += bool((await execute(ports.store, handler, command)).decision.changes)
    return sent


async def oblige_entrants(ports: Ports, article_id: str) -> int:
    """Oblige who is in the live must-read's audience now but in none of its snapshots."""
    state = await current_article(ports, article_id)
    if state.status != "published" or not state.body.must_read:
        return 0
    now_in = set(await ports.replicas.audience_members(replica_audience(state.body.audience)))
    for snapshot_id in state.snapshots:
        now_in -= set(await ports.snapshots.members(snapshot_id))
    if not now_in:
        return 0
    handler = one_stream(ROUNDS, _entrants, decide_entrants, ports.store)
    outcome = await execute(ports.store, handler, AddEntrants(article_id, tuple(sorted(now_in))))
    return len(outcome.result.events)


class Timer:
    """One worker's timer; remembers when it last looked for entrants per article."""

    def __init__(self, ports: Ports) -> None:
        self.ports = ports
        self.checked: dict[str, float] = {}

    async def tick(self, now: datetime) -> int:
        """One pass; how many steps it took."""
        steps = await publish_due(self.ports, now) + await remind(self.ports, now)
        loop_now = asyncio.get_running_loop().time()
        interval = self.ports.options.entrants_interval_s
        async for doc in self.ports.models[ARTICLES].find(LIVE_MUST_READ, {"_id": 1}):
            if loop_now - self.checked.get(doc["_id"], float("-inf")) >= interval:
                self.checked[doc["_id"]] = loop_now
                steps += await oblige_entrants(self.ports, doc["_id"])
        return steps

    async def run(self, stopped: Callable[[], bool], active: Callable[[], bool]) -> None:
        """Tick every ``timer_interval_s`` while ``active()`` (a worker), until ``stopped()``."""
        while not stopped():
            if active():
                try:
                    await self.tick(datetime.now(UTC))
                except Exception:  # the next tick retries; every step is idempotent
                    log.exception("news timer tick failed")
            await asyncio.sleep(self.ports.options.timer_interval_s)
