"""Frozen electorates: who may vote in a poll, taken once when it opens."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

Doc = dict[str, Any]
CHUNK = 1000
DUPLICATE_KEY = 11000


def electorate_digest(employee_ids: Sequence[str]) -> str:
    """SHA-256 (hex) of the sorted ids joined by newlines (``PollOpened.eligible_digest``)."""
    return hashlib.sha256("\n".join(sorted(employee_ids)).encode()).hexdigest()


def _range(electorate_id: str) -> Doc:
    # ``_id`` is ``<electorate>/<employee>``: one electorate is one ``_id`` range.
    return {"_id": {"$gt": f"{electorate_id}/", "$lt": f"{electorate_id}0"}}


class Electorates:
    """One document per (electorate, employee), ``_id = <electorate_id>/<employee_id>``."""

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.collection = db["electorates"]

    async def store(self, electorate_id: str, employee_ids: Sequence[str]) -> None:
        """Write the list (a retry of the same list changes nothing)."""
        for start in range(0, len(employee_ids), CHUNK):
            docs = [{"_id": f"{electorate_id}/{e}"} for e in employee_ids[start : start + CHUNK]]
            try:
                await self.collection.insert_many(docs, ordered=False)
            except BulkWriteError as exc:
                if any(e["code"] != DUPLICATE_KEY for e in exc.details["writeErrors"]):
                    raise

    async def admits(self, electorate_id: str, employee_id: str) -> bool:
        """Whether the employee is on the list."""
        return await self.collection.find_one({"_id": f"{electorate_id}/{employee_id}"}) is not None

    async def admitting(self, employee_id: str, electorate_ids: Sequence[str]) -> set[str]:
        """Which of the electorates hold the employee (one read for the whole batch)."""
        keys = list(dict.fromkeys(f"{e}/{employee_id}" for e in electorate_ids))
        docs = await self.collection.find({"_id": {"$in": keys}}, {"_id": 1}).to_list(len(keys))
        return {doc["_id"].removesuffix(f"/{employee_id}") for doc in docs}

    async def discard(self, electorate_id: str) -> None:
        """Delete a list that no poll opened with (its append lost a race)."""
        await self.collection.delete_many(_range(electorate_id))

    async def members(self, electorate_id: str) -> list[str]:
        """Every employee on the list, sorted."""
        cursor = self.collection.find(_range(electorate_id), {"_id": 1}).sort("_id", 1)
        return [doc["_id"].split("/", 1)[1] async for doc in cursor]
