"""Acknowledged employee writes the directory may not have applied yet.

Every employee command records, after its append and before it answers, the
stream's new version and the lookup keys of the new state (folded userName,
externalId) in ``acknowledged_writes``: one document per employee, the highest
version, the keys of every version recorded since. A write whose process died
before recording it was never acknowledged, so no client is owed a read of it.
Reads (``queries.freshness``, ``queries.scim_users``) treat an entry as pending
while the directory's checkpoint of the stream is below its version and forget
it once applied.
Erasure empties the keys: they are personal data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import DeleteOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from profile_service.domain.employee import Employee
from profile_service.domain.fields import user_name_key

COLLECTION = "acknowledged_writes"
_DUPLICATE_KEY = 11000
Doc = dict[str, Any]


def lookup_key(attribute: str, value: str) -> str:
    """The key an entry is found by: ``userName`` folded, ``externalId`` exact."""
    return f"u:{user_name_key(value)}" if attribute == "userName" else f"x:{value}"


class AcknowledgedWrites:
    """The ``acknowledged_writes`` collection."""

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.collection = db[COLLECTION]

    async def setup(self) -> None:
        """Index the lookup keys (filters find the pending writes of one userName)."""
        await self.collection.create_index("keys")

    async def record(self, state: Employee, version: int) -> None:
        """Note that ``state`` at ``version`` was written and is being acknowledged."""
        await self.collection.update_one(
            {"_id": state.employee_id}, _update(state, version), upsert=True
        )

    async def record_many(self, written: Sequence[tuple[Employee, int]]) -> None:
        """``record`` for many writes: one insert when none has an entry yet (new employees)."""
        if not written:
            return
        # An insert of a new entry is what the update would make of it, and much cheaper.
        entries = [{"_id": s.employee_id, "v": v, "keys": _keys(s)} for s, v in written]
        try:
            await self.collection.insert_many(entries, ordered=False)
            return
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != _DUPLICATE_KEY for error in errors):
                raise
            existing = [written[int(error["index"])] for error in errors]
        updates = [UpdateOne({"_id": s.employee_id}, _update(s, v), True) for s, v in existing]
        await self.collection.bulk_write(updates, ordered=False)  # True: upsert

    async def having_key(self, key: str) -> list[Doc]:
        """Entries of employees a recorded write gave ``key``."""
        return [doc async for doc in self.collection.find({"keys": key}, {"v": 1})]

    async def after(self, employee_id: str, limit: int) -> list[Doc]:
        """Up to ``limit`` entries in id order, from the one after ``employee_id``."""
        cursor = self.collection.find(
            {"_id": {"$gt": employee_id}}, {"v": 1}, sort=[("_id", 1)], limit=limit
        )
        return [doc async for doc in cursor]

    async def forget(self, applied: Mapping[str, int]) -> None:
        """Drop the entries of writes applied up to these versions (newer ones stay)."""
        if applied:
            deletes = [DeleteOne({"_id": e, "v": {"$lte": v}}) for e, v in applied.items()]
            await self.collection.bulk_write(deletes, ordered=False)


def _update(state: Employee, version: int) -> Doc:
    """The highest version, and the keys of every version since (none once erased)."""
    update: Doc = {"$max": {"v": version}}
    if state.erased:
        update["$set"] = {"keys": []}
    else:
        update["$addToSet"] = {"keys": {"$each": keys_of(state)}}
    return update


def _keys(state: Employee) -> list[str]:
    return [] if state.erased else list(dict.fromkeys(keys_of(state)))


def keys_of(state: Employee) -> list[str]:
    """The lookup keys of an employee's state (its userName and externalId)."""
    profile = state.profile
    keys = [lookup_key("userName", profile["user_name"])] if profile.get("user_name") else []
    if profile.get("external_id"):
        keys.append(lookup_key("externalId", profile["external_id"]))
    return keys
