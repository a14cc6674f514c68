"""Follow-graph queries: followers / following pages (newest first) and counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from servicekit.projection import ReadModels

from profile_service.projections.follows import COLLECTION

Side = Literal["followers", "following"]
Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FollowPage:
    """Relationships in newest-first order and the key to continue after."""

    items: list[Doc]
    next_before: str | None


@dataclass(frozen=True, slots=True)
class FollowCounts:
    """How many follow an employee and how many they follow."""

    followers: int
    following: int


def _where(side: Side, employee_id: str) -> Doc:
    field = "followee" if side == "followers" else "follower"
    return {field: employee_id, "following": True}


async def follow_page(
    models: ReadModels, side: Side, employee_id: str, *, before: str | None, limit: int
) -> FollowPage:
    """One page of an employee's followers or followees."""
    where = _where(side, employee_id)
    if before is not None:
        where["order_key"] = {"$lt": before}
    cursor = models[COLLECTION].find(where, sort=[("order_key", -1)], limit=limit + 1)
    docs = [doc async for doc in cursor]
    items = docs[:limit]
    return FollowPage(items, items[-1]["order_key"] if len(docs) > limit else None)


async def follow_counts(models: ReadModels, employee_id: str) -> FollowCounts:
    """Follower and following counts, counted (never kept as counters)."""
    followers = await models[COLLECTION].count_documents(_where("followers", employee_id))
    following = await models[COLLECTION].count_documents(_where("following", employee_id))
    return FollowCounts(followers, following)


async def relationships(models: ReadModels, side: Side, employee_id: str) -> list[Doc]:
    """Every current relationship on one side (for the GDPR export)."""
    cursor = models[COLLECTION].find(_where(side, employee_id), sort=[("order_key", -1)])
    return [doc async for doc in cursor]
