"""Complete reads in bounded batches: every match, never one unbounded query, never a sample;
and filtered reads of an index range, continued past the last key until enough are kept.

For answers that must hold everything (a person's data export): the matches are read in
``_id`` order, ``size`` per query, each query continuing after the last ``_id`` seen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.cursor import AsyncCursor

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


async def kept_in_range(
    collection: AsyncCollection[Doc],
    query: Doc,
    field: str,
    *,
    above: Any = None,
    below: Any = None,
    keep: Callable[[Doc], bool] | None = None,
    count: int,
    descending: bool = True,
    size: int | None = None,
) -> list[Doc]:
    """Up to ``count`` documents of ``query`` with ``field`` strictly between ``above`` and
    ``below`` (None: unbounded), in ``field`` order, that ``keep`` accepts.

    For a query that holds only one index's fields (SecantusDB scans the whole collection
    for a range with any other condition beside it): what the index cannot decide is
    decided here by ``keep``. The range is read ``size`` documents at a time (default: as
    many as are still wanted), each read continuing past the last ``field`` value seen,
    until ``count`` are kept or the range is exhausted.
    """
    found: list[Doc] = []
    while len(found) < count:
        want = size or count - len(found)
        bounds = {op: v for op, v in (("$gt", above), ("$lt", below)) if v is not None}
        ranged = {**query, field: bounds} if bounds else query
        order = -1 if descending else 1
        batch = await collection.find(ranged).sort(field, order).limit(want).to_list(want)
        kept = batch if keep is None else [doc for doc in batch if keep(doc)]
        found += kept[: count - len(found)]
        if len(batch) < want:
            break
        if descending:
            below = batch[-1][field]
        else:
            above = batch[-1][field]
    return found


async def first_kept(
    cursor: AsyncCursor[Doc], keep: Callable[[Doc], bool], count: int
) -> list[Doc]:
    """The first ``count`` documents of ``cursor`` that ``keep`` accepts (then it is closed)."""
    docs: list[Doc] = []
    try:
        async for doc in cursor:
            if keep(doc):
                docs.append(doc)
                if len(docs) >= count:
                    break
    finally:
        await cursor.close()
    return docs
