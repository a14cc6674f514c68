"""Version-guarded writes: the one way a projection writes a per-stream document.

A document keyed by its stream carries the stream version it was last written at
(``_v``). A write of version ``v`` applies only where the document is older
(``_v`` missing or ``< v``), so replays and duplicates change nothing.

A guarded upsert of a document that already holds ``v`` or newer misses the filter,
tries to insert and meets the ``_id`` unique index: ``DuplicateKeyError``. That
error is *not* proof that the write was applied: a concurrent first insert of the
same key, a unique secondary index or an index entry left behind by a crashed
server raise it too. So a duplicate key is answered by re-reading the document:
the write counts as done only when the document really is at ``v`` or newer;
otherwise it is tried again and, still failing, raises ``GuardedWriteFailed``
(the projector retries the event, then dead-letters it: never a silent loss).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

Doc = dict[str, Any]
VERSION = "_v"
T = TypeVar("T")
ATTEMPTS = 3


class GuardedWriteFailed(RuntimeError):
    """A duplicate key met a document that is not at the written version."""


def older_than(key: Any, version: int) -> Doc:
    """The guard: document ``key`` while it holds no version ``>= version``."""
    # ``$not: {$gte}`` also matches a missing field. Not ``$or``: a top-level operator keeps
    # SecantusDB from using the ``_id`` lookup, which made every guarded write a full scan.
    return {"_id": key, VERSION: {"$not": {"$gte": version}}}


def set_update(
    version: int, fields: Doc, *, unset: list[str] | None = None, on_insert: Doc | None = None
) -> Doc:
    """An update document that sets ``fields`` and the version (and unsets ``unset``)."""
    update: Doc = {"$set": {**fields, VERSION: version}}
    if unset:
        update["$unset"] = dict.fromkeys(unset, "")
    if on_insert:
        update["$setOnInsert"] = on_insert
    return update


async def update_if_newer(
    collection: AsyncCollection[Doc], key: Any, version: int, update: Doc
) -> bool:
    """Apply ``update`` (which must ``$set`` the version) to ``key`` unless it is at ``version``.

    Returns whether anything was written.
    """

    async def write() -> bool:
        result = await collection.update_one(older_than(key, version), update, upsert=True)
        return result.modified_count > 0 or result.upserted_id is not None

    return await _guarded(collection, key, version, write, False)


async def upsert_if_newer(
    collection: AsyncCollection[Doc],
    key: Any,
    version: int,
    fields: Doc,
    *,
    unset: list[str] | None = None,
    on_insert: Doc | None = None,
) -> bool:
    """Set ``fields`` (and unset ``unset``) on ``key`` unless it holds ``version`` or newer."""
    update = set_update(version, fields, unset=unset, on_insert=on_insert)
    return await update_if_newer(collection, key, version, update)


async def upsert_if_newer_returning(
    collection: AsyncCollection[Doc],
    key: Any,
    version: int,
    fields: Doc,
    *,
    on_insert: Doc | None = None,
) -> tuple[bool, Doc | None]:
    """Like ``upsert_if_newer``; also returns the document as it was before the write."""
    update = set_update(version, fields, on_insert=on_insert)

    async def write() -> tuple[bool, Doc | None]:
        before = await collection.find_one_and_update(
            older_than(key, version), update, upsert=True, return_document=ReturnDocument.BEFORE
        )
        return True, before

    return await _guarded(collection, key, version, write, (False, None))


async def replace_if_newer(
    collection: AsyncCollection[Doc], key: Any, version: int, doc: Doc
) -> bool:
    """Replace ``key`` by ``doc`` unless it already holds ``version`` or newer.

    For read models that recompute a whole document per event (and must drop
    fields, e.g. on erasure). Returns whether anything was written.
    """
    replacement = {**doc, "_id": key, VERSION: version}

    async def write() -> bool:
        result = await collection.replace_one(older_than(key, version), replacement, upsert=True)
        return result.modified_count > 0 or result.upserted_id is not None

    return await _guarded(collection, key, version, write, False)


async def _guarded(
    collection: AsyncCollection[Doc],
    key: Any,
    version: int,
    write: Callable[[], Awaitable[T]],
    already_applied: T,
) -> T:
    """Run ``write``; a duplicate key is a no-op only if the document is at ``version``."""
    for _ in range(ATTEMPTS):
        try:
            return await write()
        except DuplicateKeyError:
            if await is_applied(collection, key, version):
                return already_applied
            # a concurrent first insert of the key: the next attempt updates it
    raise GuardedWriteFailed(
        f"{collection.name}/{key}: duplicate key, but the document is not at version "
        f"{version} or newer (a conflicting index entry); rebuild the read model"
    )


async def is_applied(collection: AsyncCollection[Doc], key: Any, version: int) -> bool:
    """Whether document ``key`` holds ``version`` or newer."""
    doc = await collection.find_one({"_id": key}, {VERSION: 1})
    return doc is not None and int(doc.get(VERSION) or 0) >= version
