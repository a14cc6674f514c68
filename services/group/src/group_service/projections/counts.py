"""Member counts per group, kept idempotently: recount one bucket, compare-and-set.

One small document per (group, bucket) holds that bucket's count and a
generation. A membership change recounts only its bucket (an indexed count of
a few documents) and writes it under a generation check, so concurrent
projector processes never leave a stale count behind: a writer whose
generation moved on recounts and tries again. A group's count is the sum of
its bucket documents.
"""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError
from servicekit.projection import ReadModels

from group_service.projections.keys import BUCKETS
from group_service.projections.names import COUNTS, MEMBERSHIPS

ATTEMPTS = 20
_MAX_CACHED = 200_000
# Last generation this process wrote per bucket document: saves a read when no one
# else wrote meanwhile; a wrong guess only costs a failed compare-and-set.
_generations: dict[str, int] = {}


def counted(group_id: str, bucket: int) -> dict[str, Any]:
    """The filter of the memberships that count: active members of one bucket."""
    return {"group_id": group_id, "bucket": bucket, "status": "member", "active": True}


async def recount(models: ReadModels, group_id: str, bucket: int) -> None:
    """Recount one bucket of a group and store it (compare-and-set on its generation)."""
    counts, key = models[COUNTS], f"{group_id}|{bucket:03d}"
    cache_key = f"{counts.full_name}/{key}"
    generation = _generations.get(cache_key)
    for _ in range(ATTEMPTS):
        if generation is None:
            doc = await counts.find_one({"_id": key}, {"gen": 1})
            generation = int(doc["gen"]) if doc else 0
        n = await models[MEMBERSHIPS].count_documents(counted(group_id, bucket))
        if await _compare_and_set(models, key, generation, {"group_id": group_id, "n": n}):
            if len(_generations) > _MAX_CACHED:
                _generations.clear()
            _generations[cache_key] = generation + 1
            return
        generation = None  # someone else wrote this bucket: read and recount
    raise RuntimeError(f"member count of {group_id} kept changing; retried {ATTEMPTS} times")


async def _compare_and_set(
    models: ReadModels, key: str, generation: int, fields: dict[str, Any]
) -> bool:
    try:
        result = await models[COUNTS].update_one(
            {"_id": key, "gen": generation},
            {"$set": {**fields, "gen": generation + 1}},
            upsert=True,
        )
    except DuplicateKeyError:  # the document exists with another generation
        return False
    return result.matched_count > 0 or result.upserted_id is not None


async def member_counts(models: ReadModels, group_ids: list[str]) -> dict[str, int]:
    """The active member count of each group (0 when none)."""
    totals = dict.fromkeys(group_ids, 0)
    cursor = models[COUNTS].find({"group_id": {"$in": group_ids}}, {"group_id": 1, "n": 1})
    async for doc in cursor:
        totals[doc["group_id"]] += int(doc["n"])
    return totals


async def estimated_members(models: ReadModels, group_id: str) -> int:
    """A cheap size estimate from one bucket (buckets are filled evenly by hash)."""
    doc = await models[COUNTS].find_one({"_id": f"{group_id}|000"}, {"n": 1})
    return int(doc["n"]) * BUCKETS if doc else 0
