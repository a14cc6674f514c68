"""The company's size (active employees), counted at most once every ten minutes.

A non-must-read article records its audience size at publication only as information; a
whole-company count is a scan of the people replica (SecantusDB decodes every document
of a count: ~100,000 for the company, holding its lock meanwhile), so publishing many
articles reuses one recent count instead of scanning for each.
"""

from __future__ import annotations

import asyncio
import time

from collab_replicas import Replicas

TTL_S = 600.0


class CompanySize:
    """A cached count of active employees in the people replica."""

    def __init__(self, replicas: Replicas, ttl_s: float = TTL_S) -> None:
        self.replicas, self.ttl_s = replicas, ttl_s
        self._value, self._at = 0, float("-inf")
        self._recount: asyncio.Task[None] | None = None

    async def get(self) -> int:
        """The count, at most ``ttl_s`` old; an older one is answered while a recount runs."""
        if self._at == float("-inf"):
            await self._count()
        elif time.monotonic() - self._at > self.ttl_s and self._recount is None:
            self._recount = asyncio.create_task(self._count())
            self._recount.add_done_callback(lambda _: setattr(self, "_recount", None))
        return self._value

    async def _count(self) -> None:
        self._value = await self.replicas.people.people.count_documents({"active": True})
        self._at = time.monotonic()
