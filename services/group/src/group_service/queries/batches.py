"""Complete reads in bounded batches: never one unbounded query, never a sample."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

Doc = dict[str, Any]
BATCH = 500  # documents per query


async def every(collection: AsyncCollection[Doc], query: Doc) -> list[Doc]:
    """Every document matching ``query``, read in ``_id`` order one batch at a time."""
    found: list[Doc] = []
    after: str | None = None
    while True:
        bounded = query if after is None else {**query, "_id": {"$gt": after}}
        docs = await collection.find(bounded).sort("_id", 1).limit(BATCH).to_list(BATCH)
        found += docs
        if len(docs) < BATCH:
            return found
        after = docs[-1]["_id"]


async def by_id(collection: AsyncCollection[Doc], ids: Iterable[str]) -> dict[str, Doc]:
    """The documents with the given ids, fetched ``BATCH`` ids at a time."""
    wanted, found = sorted(set(ids)), dict[str, Doc]()
    for start in range(0, len(wanted), BATCH):
        async for doc in collection.find({"_id": {"$in": wanted[start : start + BATCH]}}):
            found[doc["_id"]] = doc
    return found
