"""Idempotent writes for per-stream documents, guarded by the stream version.

Like ``servicekit.projection.upsert_if_newer``, plus ``$unset`` (cleared profile
fields, erasure tombstones). Every document here is written by this helper and
carries ``_v``, so ``_v < version`` is the whole guard.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

Doc = dict[str, Any]


async def set_if_newer(
    collection: AsyncCollection[Doc],
    key: str,
    version: int,
    fields: Doc,
    *,
    unset: list[str] | None = None,
    on_insert: Doc | None = None,
) -> bool:
    """Apply ``fields`` (and ``unset``) to document ``key`` unless it holds ``version`` or newer.

    Replays and duplicates are no-ops; returns whether anything was written.
    """
    update: Doc = {"$set": {**fields, "_v": version}}
    if unset:
        update["$unset"] = dict.fromkeys(unset, "")
    if on_insert:
        update["$setOnInsert"] = on_insert
    try:
        result = await collection.update_one(
            {"_id": key, "_v": {"$lt": version}}, update, upsert=True
        )
    except DuplicateKeyError:  # the document is at this version or newer already
        return False
    return result.modified_count > 0 or result.upserted_id is not None
