"""Live tallies while a poll runs: counted in the background, read from memory.

Counting a running poll reads every ballot so far (SecantusDB, one process, materialises
each of them), so it is never done on a reader's request once a count exists: a read gets
the latest count at once, and starts one recount when that count is older than the
freshness bound. The bound grows with the cost of a count (``cost_factor`` times its
duration, at least ``ttl_s``), so recounting a large poll takes a bounded share of the
database however many people read its results. Only the first read of a poll waits
(concurrent first reads share one count); ``ttl_s = 0`` counts on every read.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from collab_events.polling import PollResults

log = logging.getLogger(__name__)
MAX_POLLS = 1000
# A recount at most every 30x its own duration: <= ~3% of the database's time. At 10x,
# recounting 2,000 ballots was up to a tenth of SecantusDB's time, which at a few
# ballots a second is as much CPU per ballot as the cast itself.
COST_FACTOR = 30.0


@dataclass
class _Count:
    results: PollResults
    counted_at: float
    took_s: float
    recount: asyncio.Task[None] | None = None


class LiveTallies:
    """Per process: poll id -> its latest count, and the recount under way."""

    def __init__(self, ttl_s: float = 2.0, cost_factor: float = COST_FACTOR) -> None:
        self.ttl_s, self.cost_factor = ttl_s, cost_factor
        self._counts: dict[str, _Count] = {}
        self._first: dict[str, asyncio.Task[_Count]] = {}

    async def get(self, poll_id: str, compute: Callable[[], Awaitable[PollResults]]) -> PollResults:
        """The latest count (a recount starts behind it when it is stale)."""
        if self.ttl_s == 0:
            return await compute()
        known = self._counts.get(poll_id)
        if known is None:
            first = self._first.get(poll_id)
            if first is None:
                first = self._first[poll_id] = asyncio.create_task(self._count(poll_id, compute))
                first.add_done_callback(lambda _: self._first.pop(poll_id, None))
            return (await asyncio.shield(first)).results
        if self._stale(known) and (known.recount is None or known.recount.done()):
            known.recount = asyncio.create_task(self._recount(poll_id, compute))
        return known.results

    def _stale(self, known: _Count) -> bool:
        age = time.monotonic() - known.counted_at
        return age >= max(self.ttl_s, self.cost_factor * known.took_s)

    async def _count(self, poll_id: str, compute: Callable[[], Awaitable[PollResults]]) -> _Count:
        start = time.monotonic()
        results = await compute()
        counted = _Count(results, time.monotonic(), time.monotonic() - start)
        if poll_id not in self._counts and len(self._counts) >= MAX_POLLS:
            self._counts.clear()
        self._counts[poll_id] = counted
        return counted

    async def _recount(self, poll_id: str, compute: Callable[[], Awaitable[PollResults]]) -> None:
        # A failed recount keeps the previous count; the next stale read tries again.
        try:
            await self._count(poll_id, compute)
        except Exception:
            log.warning("live recount of poll %s failed; the previous count stays", poll_id)
