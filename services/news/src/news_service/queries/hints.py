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
FRESH_S = 5.0
_HINTS: dict[str, SortHints] = {}


class SortHints:
    """The newest published sort keys, ascending."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.at = float("-inf")

    async def refresh(self, models: ReadModels) -> None:
        """Reread the keys from the oldest one held upwards (one bounded range)."""
        if time.monotonic() - self.at < FRESH_S:
            return
        self.at = time.monotonic()
        query: Doc = {"status": "published"}
        if len(self.keys) >= KEPT:
            query["sort"] = {"$gte": self.keys[-KEPT]}
        else:
            query["sort"] = {"$exists": True}
        found = models[ARTICLES].find(query, {"sort": 1}).sort("sort", -1).limit(KEPT)
        keys = [d["sort"] async for d in found if isinstance(d.get("sort"), str)]
        self.keys = sorted(keys)

    def lower(self, before: str | None, count: int) -> str | None:
        """The sort key ``count`` articles below ``before`` (None: not known here)."""
        end = len(self.keys) if before is None else bisect.bisect_left(self.keys, before)
        start = end - count
        return self.keys[start] if 0 <= start < end else None


async def hints(models: ReadModels) -> SortHints:
    """The process's hints for this database, refreshed when they are old."""
    found = _HINTS.setdefault(models[ARTICLES].full_name, SortHints())
    await found.refresh(models)
    return found
