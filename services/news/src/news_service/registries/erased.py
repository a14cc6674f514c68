"""Erased people, by alias only: what the read models name an erased person by.

Written on ``EmployeeErased`` (the replica's listener and the erasure policy, both
idempotent) and read by every read-model writer that keys documents by employee, so that
a rebuild, which replays the reads, acknowledgements, obligations and reactions still on
the topic, writes them under the alias (or drops them) and never under the person's id.
No projection writes it, so a rebuild keeps it. It holds hashes only, never an id.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

Doc = dict[str, Any]
ALIAS_PREFIX = "erased-"
FRESH_S = 2.0  # another process's new erasure is seen this long after at the latest


def alias_of(employee_id: str) -> str:
    """A stable pseudonym: the same person counts once per article, under no id."""
    return ALIAS_PREFIX + hashlib.sha256(employee_id.encode()).hexdigest()[:16]


_CACHE: dict[str, tuple[float, frozenset[str]]] = {}


class ErasedPeople:
    """The aliases of erased people in the service's own database (cached per process)."""

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.collection = db["erased_people"]
        self.key = db.name

    async def add(self, employee_id: str) -> str:
        """Record the erasure (again: no change); returns the alias."""
        alias = alias_of(employee_id)
        await self.collection.update_one({"_id": alias}, {"$setOnInsert": {}}, upsert=True)
        _CACHE.pop(self.key, None)
        return alias

    async def aliases(self) -> frozenset[str]:
        """Every erased person's alias (erasures are rare: the set stays small)."""
        cached = _CACHE.get(self.key)
        if cached is not None and time.monotonic() - cached[0] < FRESH_S:
            return cached[1]
        found = frozenset([doc["_id"] async for doc in self.collection.find({}, {"_id": 1})])
        _CACHE[self.key] = (time.monotonic(), found)
        return found

    async def erased(self, employee_id: str) -> bool:
        """Whether the person was erased."""
        return alias_of(employee_id) in await self.aliases()

    async def names(self, employee_ids: list[str]) -> list[str]:
        """Each id, or its alias when the person was erased (order kept)."""
        aliases = await self.aliases()
        if not aliases:
            return employee_ids
        return [a if (a := alias_of(e)) in aliases else e for e in employee_ids]
