"""A lease document so that only one process of a service runs a singleton task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

LEASES = "leases"


class Lease:
    """Held by ``owner`` until ``ttl_s`` after its last renewal."""

    def __init__(
        self, db: AsyncDatabase[dict[str, Any]], name: str, owner: str, ttl_s: float
    ) -> None:
        self._leases, self.name, self.owner, self.ttl_s = db[LEASES], name, owner, ttl_s

    async def acquire(self) -> bool:
        """Take or renew the lease; False while another owner holds an unexpired one."""
        now = datetime.now(UTC)
        free_or_mine = {
            "_id": self.name,
            "$or": [{"owner": self.owner}, {"expires_at": {"$lt": now}}],
        }
        renewal = {"$set": {"owner": self.owner, "expires_at": now + timedelta(seconds=self.ttl_s)}}
        try:
            await self._leases.update_one(free_or_mine, renewal, upsert=True)
        except DuplicateKeyError:  # the document exists and someone else holds it
            return False
        return True

    async def release(self) -> None:
        """Give the lease up so another process can take it at once."""
        await self._leases.delete_one({"_id": self.name, "owner": self.owner})
