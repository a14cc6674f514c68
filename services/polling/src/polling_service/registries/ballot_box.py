"""The ballot box of anonymous and secret polls while they run.

One document per ballot, ``_id = <poll>/<ballot_id>`` (a hash: SHA-256 of the token, or
an HMAC of the voter under the poll's pseudonym key), holding the ballot, its receipt,
token and signature and the start of its time bucket: no voter, no time of its own.
Reads go in ``_id`` order, never in the order ballots arrived. Emptied when the poll
closes and its ballots are published as events.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

Doc = dict[str, Any]


def _range(poll_id: str) -> Doc:
    return {"_id": {"$gt": f"{poll_id}/", "$lt": f"{poll_id}0"}}


class BallotBox:
    """Ballots by ballot id; ``put`` refuses or replaces an existing one."""

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.collection = db["ballot_box"]

    async def put(self, poll_id: str, ballot_id: str, doc: Doc, *, replace: bool) -> bool:
        """Store a ballot; False when one exists and ``replace`` is off."""
        key = f"{poll_id}/{ballot_id}"
        if replace:
            await self.collection.replace_one({"_id": key}, {"_id": key, **doc}, upsert=True)
            return True
        try:
            await self.collection.insert_one({"_id": key, **doc})
        except DuplicateKeyError:
            return False
        return True

    async def has(self, poll_id: str, ballot_id: str) -> bool:
        """Whether a ballot with this id is in the box."""
        return await self.collection.find_one({"_id": f"{poll_id}/{ballot_id}"}) is not None

    async def ballots(self, poll_id: str) -> list[Doc]:
        """Every ballot of the poll, by ballot id (``ballot_id`` field added)."""
        cursor = self.collection.find(_range(poll_id)).sort("_id", 1)
        return [{**doc, "ballot_id": doc["_id"].split("/", 1)[1]} async for doc in cursor]

    async def empty(self, poll_id: str) -> None:
        """Remove the poll's ballots (they were published)."""
        await self.collection.delete_many(_range(poll_id))
