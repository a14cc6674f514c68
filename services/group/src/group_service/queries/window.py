"""Read a key-ordered page through narrow key windows.

The embedded SecantusDB materialises every index entry in a range before it
applies ``limit``, so one open range over a 20,000-member group reads 20,000
documents per page. Keys here start with a coarse "position" (a bucket or a
first letter); a page is read window by window, from a narrow window that
doubles until the page is full. On MongoDB the same queries are simply
index-bounded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

Doc = dict[str, Any]
Fetch = Callable[[Doc, int], Awaitable[list[Doc]]]
"""(range filter on the key, at most n) -> documents in key order."""


async def read_windows(
    fetch: Fetch, edges: Sequence[str], *, after: str | None, limit: int, first_width: int = 1
) -> list[Doc]:
    """Up to ``limit + 1`` documents in key order after ``after``, within [edges[0], edges[-1])."""
    if after is None:
        index, lower = 0, {"$gte": edges[0]}
    else:
        index, lower = max(bisect_right(edges, after) - 1, 0), {"$gt": after}
    docs: list[Doc] = []
    width = max(first_width, 1)
    while len(docs) <= limit and index < len(edges) - 1:
        upper = min(index + width, len(edges) - 1)
        docs += await fetch({**lower, "$lt": edges[upper]}, limit + 1 - len(docs))
        index, lower, width = upper, {"$gte": edges[upper]}, width * 2
    return docs[: limit + 1]


def first_width(total: int, positions: int, limit: int) -> int:
    """A first window expected to hold about one page, assuming keys spread evenly."""
    if total <= 0:
        return positions
    return max(1, min(positions, -(-(limit + 1) * positions // total)))
