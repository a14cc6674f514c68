"""The company's size (active employees), counted at most once a minute.

A non-must-read article records its audience size at publication only as information; a
whole-company count is a scan of the people replica, so publishing many articles reuses
one recent count instead of scanning for each.
"""

from __future__ import annotations

import time

from collab_replicas import Replicas

TTL_S = 60.0


class CompanySize:
    """A cached count of active employees in the people replica."""

    def __init__(self, replicas: Replicas, ttl_s: float = TTL_S) -> None:
        self.replicas, self.ttl_s = replicas, ttl_s
        self._value, self._at = 0, float("-inf")

    async def get(self) -> int:
        """The count, at most ``ttl_s`` old."""
        if time.monotonic() - self._at > self.ttl_s:
            self._value = await self.replicas.people.people.count_documents({"active": True})
            self._at = time.monotonic()
        return self._value
