"""Live tallies while a poll runs, recomputed at most every ``ttl_s`` per poll.

Results of a running poll are a moving figure anyway; recounting every ballot on every
read made the reads compete with the votes (a burst of reads at 20,000 ballots).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from collab_events.polling import PollResults

MAX_POLLS = 1000


class LiveTallies:
    """A small per-process cache: poll id -> (computed at, results)."""

    def __init__(self, ttl_s: float = 2.0) -> None:
        self.ttl_s = ttl_s
        self._cache: dict[str, tuple[float, PollResults]] = {}

    async def get(self, poll_id: str, compute: Callable[[], Awaitable[PollResults]]) -> PollResults:
        """The cached tally while fresh, else a new one."""
        now = time.monotonic()
        hit = self._cache.get(poll_id)
        if hit is not None and now - hit[0] < self.ttl_s:
            return hit[1]
        results = await compute()
        if len(self._cache) >= MAX_POLLS:
            self._cache.clear()
        self._cache[poll_id] = (now, results)
        return results
