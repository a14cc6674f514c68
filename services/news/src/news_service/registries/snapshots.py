"""Frozen audiences: who a must-read obliged when a version was published.

Stored in chunks of up to 1,000 ids (``_id = <snapshot>/<chunk>``) so that freezing the
whole company is ~100 writes inside the publishing request; the obligations read model
fans them out to one document per reader afterwards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

Doc = dict[str, Any]
CHUNK = 1000
DUPLICATE_KEY = 11000


def snapshot_digest(employee_ids: Sequence[str]) -> str:
    """SHA-256 (hex) of the sorted ids joined by newlines (``ArticlePublished``)."""
    return hashlib.sha256("\n".join(sorted(employee_ids)).encode()).hexdigest()


class Snapshots:
    """Chunks of frozen audiences in the service's own database."""

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.collection = db["audience_snapshots"]

    async def store(self, snapshot_id: str, article_id: str, employee_ids: Sequence[str]) -> None:
        """Write the list (a retry of the same list changes nothing)."""
        ids = sorted(employee_ids)
        docs = [
            {"_id": f"{snapshot_id}/{n:06d}", "snapshot_id": snapshot_id,
             "article_id": article_id, "ids": ids[start : start + CHUNK]}
            for n, start in enumerate(range(0, len(ids), CHUNK))
        ]  # fmt: skip
        if not docs:
            return
        try:
            await self.collection.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            if any(e["code"] != DUPLICATE_KEY for e in exc.details["writeErrors"]):
                raise

    async def members(self, snapshot_id: str) -> list[str]:
        """Every employee of one snapshot, sorted."""
        cursor = self.collection.find({"snapshot_id": snapshot_id}).sort("_id", 1)
        return [e async for doc in cursor for e in doc["ids"]]

    async def discard(self, snapshot_id: str) -> None:
        """Delete a list no publication used (its append lost a race)."""
        await self.collection.delete_many({"snapshot_id": snapshot_id})

    async def setup(self) -> None:
        """Index chunks by snapshot."""
        await self.collection.create_index([("snapshot_id", 1), ("_id", 1)])
