"""Where a stream page's index range should start: the sort keys of the newest articles.

SecantusDB materialises and sorts every match of a query before it applies the limit, so a
page must read a bounded range of the ``(status, sort)`` index. A range in time (the last
ten minutes) is unbounded in articles when many were published at once. This per-process
list of the newest published articles' sort keys (``_id`` and ``sort`` only, refreshed at
most every few seconds) says where the range holding the newest *n* articles starts. It only
chooses ranges: the page is still read from the database with the reader's filters, and a
range that is open upwards contains every article newer than its start, so a stale list
costs reads, never correctness.
"""

from __future__ import annotations

import bisect
import time
from typing import Any

from servicekit.projection import ReadModels

from news_service.projections.names import ARTICLES

Doc = dict[str, Any]
KEPT = 400  # sort keys held: enough for pages of 100 at a 1:4 visibility
FRESH_S = 5.0  # how often the keys newer than the newest held are added
FULL_S = 300.0  # how often every held key is read again (drops unpublished articles)
CHUNK = 50  # keys per query of that reread
_HINTS: dict[str, SortHints] = {}


class SortHints:
    """The newest published sort keys, ascending.

    SecantusDB answers one query at a time, and a query reads whole documents even for an
    index range (400 articles, bodies included, took 50-110 ms on the shared machine, and
    every request waited behind it). So a refresh reads only the keys above the newest one
    held, mostly none; every ``FULL_S`` the held keys are read again, ``CHUNK`` at a time
    between the held keys, so requests interleave with the reread.
    """

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.at = float("-inf")
        self.full_at = float("-inf")

    async def refresh(self, models: ReadModels) -> None:
        """Add the newer keys, or every ``FULL_S`` reread them all."""
        now = time.monotonic()
        if now - self.at < FRESH_S:
            return
        self.at = now
        if not self.keys or now - self.full_at >= FULL_S:
            self.full_at = now
            self.keys = await self._reread(models)
        else:
            newer = await _keys(models, {"$gt": self.keys[-1]}, KEPT)
            self.keys = sorted(set(self.keys) | set(newer))[-KEPT:]

    async def _reread(self, models: ReadModels) -> list[str]:
        """The newest published keys, read between every ``CHUNK``-th held key down to the
        oldest one held (below it only while fewer than ``KEPT`` are held: a range open
        downwards would read every older article)."""
        if not self.keys:
            return sorted(await _keys(models, {"$exists": True}, KEPT))
        held = self.keys
        bounds: list[str | None] = [*held[::-CHUNK][1:], held[0] if len(held) >= KEPT else None]
        found, upper = list[str](), None
        for lower in bounds:
            query: Doc = {}
            if lower is not None:
                query["$gte"] = lower
            if upper is not None:
                query["$lt"] = upper
            found += await _keys(models, query or {"$exists": True}, KEPT - len(found))
            if len(found) >= KEPT:
                break
            upper = lower
        return sorted(found)[-KEPT:]

    def lower(self, before: str | None, count: int) -> str | None:
        """The sort key ``count`` articles below ``before`` (None: not known here)."""
        end = len(self.keys) if before is None else bisect.bisect_left(self.keys, before)
        start = end - count
        return self.keys[start] if 0 <= start < end else None


async def _keys(models: ReadModels, bounds: Doc, count: int) -> list[str]:
    """Up to ``count`` published sort keys within ``bounds``, newest first."""
    query = {"status": "published", "sort": bounds}
    found = models[ARTICLES].find(query, {"sort": 1}).sort("sort", -1).limit(count)
    return [d["sort"] async for d in found if isinstance(d.get("sort"), str)]


async def hints(models: ReadModels) -> SortHints:
    """The process's hints for this database, refreshed when they are old."""
    found = _HINTS.setdefault(models[ARTICLES].full_name, SortHints())
    await found.refresh(models)
    return found
