"""The writes of a projector batch, sent as one bulk write per collection.

A handler declared ``batched`` queues its writes on ``ctx.writes`` instead of
awaiting one round trip each; the projector sends them when the batch ends (or
before a handler that is not batched runs, so that it reads what came before).
The writes are the same version-guarded ones as ``servicekit.guarded``: a bulk
write runs ordered, and a duplicate key it meets is answered as a single write's
would be - re-read, a no-op when the document is at the version, otherwise that
one write is tried again alone (``GuardedWriteFailed`` if it still fails).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo import DeleteOne, InsertOne, ReplaceOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from servicekit.guarded import VERSION, GuardedWriteFailed, is_applied, older_than, set_update

Doc = dict[str, Any]
Operation = UpdateOne | ReplaceOne[Doc] | InsertOne[Doc] | DeleteOne
DUPLICATE_KEY = 11000
ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Queued:
    """One write and what proves it done when it meets a duplicate key."""

    op: Operation
    key: Any
    version: int | None  # None: a natural-key insert, whose duplicate is the proof
    retry: Operation | None = None  # what to try alone after a duplicate key (default: op)


class WriteBatch:
    """Queued writes per collection, in the order the handlers made them."""

    def __init__(self) -> None:
        self._queues: dict[str, tuple[AsyncCollection[Doc], list[Queued]]] = {}

    def __len__(self) -> int:
        return sum(len(queue) for _, queue in self._queues.values())

    def update_if_newer(
        self, collection: AsyncCollection[Doc], key: Any, version: int, update: Doc
    ) -> None:
        """Queue ``update`` (which must ``$set`` the version) unless ``key`` is at ``version``."""
        op = UpdateOne(older_than(key, version), update, upsert=True)
        self._queue(collection, Queued(op, key, version))

    def upsert_if_newer(
        self,
        collection: AsyncCollection[Doc],
        key: Any,
        version: int,
        fields: Doc,
        *,
        unset: list[str] | None = None,
        on_insert: Doc | None = None,
    ) -> None:
        """Queue setting ``fields`` on ``key`` unless it holds ``version`` or newer."""
        update = set_update(version, fields, unset=unset, on_insert=on_insert)
        self.update_if_newer(collection, key, version, update)

    def replace_if_newer(
        self, collection: AsyncCollection[Doc], key: Any, version: int, doc: Doc
    ) -> None:
        """Queue replacing ``key`` by ``doc`` unless it already holds ``version`` or newer."""
        replacement = {**doc, "_id": key, VERSION: version}
        op = ReplaceOne(older_than(key, version), replacement, upsert=True)
        self._queue(collection, Queued(op, key, version))

    def insert_first_version(self, collection: AsyncCollection[Doc], key: Any, doc: Doc) -> None:
        """Queue the document a stream's first version creates: ``replace_if_newer`` at 1.

        Sent as an insert, which SecantusDB writes at about half the cost of a guarded
        upsert (nothing to look up first); a duplicate key is settled as the guarded
        replace would be: a no-op when the document is at version 1 or newer, else the
        guarded replace is tried alone.
        """
        replacement = {**doc, "_id": key, VERSION: 1}
        guarded = ReplaceOne(older_than(key, 1), replacement, upsert=True)
        self._queue(collection, Queued(InsertOne(replacement), key, 1, retry=guarded))

    def insert_if_absent(self, collection: AsyncCollection[Doc], doc: Doc) -> None:
        """Queue inserting ``doc`` under its natural ``_id``; an existing one is left as it is."""
        self._queue(collection, Queued(InsertOne(doc), doc["_id"], None))

    def delete_if_older(self, collection: AsyncCollection[Doc], key: Any, version: int) -> None:
        """Queue deleting ``key`` unless it was written at ``version`` or later."""
        self._queue(collection, Queued(DeleteOne(older_than(key, version)), key, None))

    def clear(self) -> None:
        """Drop every queued write (the projector redoes them one event at a time)."""
        self._queues.clear()

    async def flush(self) -> None:
        """Send every queued write: one ordered bulk write per collection."""
        queues, self._queues = self._queues, {}
        for collection, queue in queues.values():
            await _send(collection, queue)

    def _queue(self, collection: AsyncCollection[Doc], queued: Queued) -> None:
        self._queues.setdefault(collection.full_name, (collection, []))[1].append(queued)


async def _send(collection: AsyncCollection[Doc], queue: Sequence[Queued]) -> None:
    """Bulk-write ``queue`` in order; settle each duplicate key and go on after it."""
    while queue:
        try:
            await collection.bulk_write([q.op for q in queue], ordered=True)
            return
        except BulkWriteError as exc:
            error = exc.details["writeErrors"][0]  # ordered: the first error stopped the rest
            if error.get("code") != DUPLICATE_KEY:
                raise
            index = int(error["index"])
            await _settle_duplicate(collection, queue[index])
            queue = queue[index + 1 :]


async def _settle_duplicate(collection: AsyncCollection[Doc], queued: Queued) -> None:
    """A duplicate key proves nothing by itself (see ``servicekit.guarded``): re-read, retry."""
    if queued.version is None:
        return  # a natural-key insert that already happened
    for _ in range(ATTEMPTS):
        if await is_applied(collection, queued.key, queued.version):
            return
        try:
            await collection.bulk_write([queued.retry or queued.op], ordered=True)
            return
        except BulkWriteError as exc:
            if exc.details["writeErrors"][0].get("code") != DUPLICATE_KEY:
                raise
    raise GuardedWriteFailed(
        f"{collection.name}/{queued.key}: duplicate key, but the document is not at version "
        f"{queued.version} or newer (a conflicting index entry); rebuild the read model"
    )
