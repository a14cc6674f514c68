"""Complete reads in bounded batches: every match, never one unbounded query, never a sample.

For answers that must hold everything (a person's data export): the matches are read in
``_id`` order, ``size`` per query, each query continuing after the last ``_id`` seen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

Doc = dict[str, Any]
Fields = Mapping[str, Any] | Iterable[str] | None  # a projection, as pymongo takes it
BATCH = 200


async def batches(
    collection: AsyncCollection[Doc], query: Doc, fields: Fields = None, *, size: int = BATCH
) -> AsyncIterator[list[Doc]]:
    """Every document matching ``query``, ``size`` at a time in ``_id`` order."""
    after: Any = None
    while True:
        page = query if after is None else {"$and": [query, {"_id": {"$gt": after}}]}
        docs = await collection.find(page, fields).sort("_id", 1).limit(size).to_list(size)
        if docs:
            yield docs
        if len(docs) < size:
            return
        after = docs[-1]["_id"]


async def every(
    collection: AsyncCollection[Doc], query: Doc, fields: Fields = None, *, size: int = BATCH
) -> list[Doc]:
    """Every document matching ``query`` in ``_id`` order, read ``size`` at a time."""
    return [doc async for docs in batches(collection, query, fields, size=size) for doc in docs]


async def by_ids(
    collection: AsyncCollection[Doc], ids: Iterable[Any], fields: Fields = None, *,
    size: int = BATCH,
) -> dict[Any, Doc]:  # fmt: skip
    """The documents with the given ids (those that exist), fetched ``size`` ids at a time."""
    wanted, found = sorted(set(ids)), dict[Any, Doc]()
    for start in range(0, len(wanted), size):
        async for doc in collection.find({"_id": {"$in": wanted[start : start + size]}}, fields):
            found[doc["_id"]] = doc
    return found
