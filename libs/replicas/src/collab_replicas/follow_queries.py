"""Queries over the follows replica: fan-out to followers, "does A follow B"."""

from __future__ import annotations

from collections.abc import AsyncIterator

from servicekit.projection import ReadModels

from collab_replicas.follows import edge_key
from collab_replicas.names import Collections
from collab_replicas.status import read_status

PAGE = 500


class FollowsReplica:
    """Reads of a service's ``follows`` replica (active edges between active people)."""

    def __init__(self, models: ReadModels, collections: Collections = Collections()) -> None:
        self.edges, self.people = models[collections.follows], models[collections.people]

    async def followers_page(
        self, employee_id: str, *, after: str | None = None, limit: int = PAGE
    ) -> list[str]:
        """Up to ``limit`` active followers of an active person, by id, after ``after``."""
        if not (await read_status(self.people, employee_id)).active:
            return []
        query = {
            "followee_id": employee_id,
            "following": True,
            "active": True,
            "follower_id": {"$gt": after} if after is not None else {"$gte": ""},
        }
        cursor = self.edges.find(query, {"follower_id": 1}).sort("follower_id", 1).limit(limit)
        return [doc["follower_id"] async for doc in cursor]

    async def followers_of(self, employee_id: str, *, page: int = PAGE) -> AsyncIterator[str]:
        """Every active follower of an active person, page by page (for fan-out)."""
        after: str | None = None
        while True:
            ids = await self.followers_page(employee_id, after=after, limit=page)
            for follower_id in ids:
                yield follower_id
            if len(ids) < page:
                return
            after = ids[-1]

    async def is_following(self, follower_id: str, followee_id: str) -> bool:
        """True when ``follower_id`` follows ``followee_id`` and both are active."""
        edge = await self.edges.find_one({"_id": edge_key(follower_id, followee_id)})
        if edge is None or not edge.get("following") or not edge.get("active", True):
            return False
        return (await read_status(self.people, followee_id)).active
