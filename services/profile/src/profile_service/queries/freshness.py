"""Which employee events the directory has not applied yet, so reads can see every write.

The event store gives each event a global position in commit order: once a
position is visible, every lower one is too. The watermark document records a
position up to which the directory is known to have applied every employee
event (it only moves forward, and only after the directory's per-stream
checkpoints showed it). A read takes the store's head position first, then
scans the employee events between the watermark and that head and compares
them with the checkpoints: what is left is exactly what the directory lacks of
the writes committed before the read began. Nothing here trusts process memory,
so it holds across API replicas, worker crashes and restarts; a stalled worker
only makes the scan longer until ``MAX_PENDING`` events say "too far behind".
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING, DESCENDING
from servicekit.eventstore import EventStore
from servicekit.projection import ReadModels

from profile_service.projections import DIRECTORY

WATERMARKS = "read_watermarks"
_KEY = "directory:employee"
_EMPLOYEES = {"$gte": "employee:", "$lt": "employee;"}  # ";" follows ":": the subject prefix
_FIELDS = {"subject": 1, "streamversion": 1, "position": 1, "data": 1}
BATCH, MAX_BATCHES, MAX_PENDING = 500, 40, 200
Doc = dict[str, Any]


@dataclass(frozen=True)
class Unapplied:
    """Employee events the directory has not applied: employee id -> stored events, in order."""

    streams: dict[str, list[Doc]] = field(default_factory=dict)
    complete: bool = True  # False: too many to list (the directory is far behind): wait

    @property
    def caught_up(self) -> bool:
        """Nothing is missing."""
        return self.complete and not self.streams


async def head(store: EventStore) -> int:
    """The highest visible position (every lower one is visible too)."""
    doc = await store.events.find_one({}, {"position": 1}, sort=[("position", DESCENDING)])
    return int(doc["position"]) if doc else 0


async def unapplied(store: EventStore, models: ReadModels, up_to: int) -> Unapplied:
    """The employee events at positions <= ``up_to`` the directory lacks; moves the watermark."""
    mark = safe = await _watermark(models)
    streams: dict[str, list[Doc]] = {}
    for _ in range(MAX_BATCHES):
        docs = await _batch(store, mark, up_to)
        applied = await _applied(models, {d["subject"] for d in docs})
        for doc in docs:
            if doc["streamversion"] > applied.get(doc["subject"], 0):
                streams.setdefault(doc["subject"].removeprefix("employee:"), []).append(doc)
            elif not streams:  # every employee event up to here is applied
                safe = doc["position"]
        if sum(map(len, streams.values())) > MAX_PENDING:
            break
        if len(docs) < BATCH:
            await _advance(models, safe if streams else up_to)
            return Unapplied(streams)
        mark = docs[-1]["position"]
    await _advance(models, safe)
    return Unapplied(streams, complete=False)


async def wait_until_applied(store: EventStore, models: ReadModels, timeout_s: float) -> Unapplied:
    """Wait (bounded) until the directory holds every write committed before the call."""
    up_to, deadline = await head(store), time.monotonic() + timeout_s
    while True:
        missing = await unapplied(store, models, up_to)
        if missing.caught_up or time.monotonic() >= deadline:
            return missing
        await asyncio.sleep(0.02)


async def _batch(store: EventStore, after: int, up_to: int) -> list[Doc]:
    where = {"position": {"$gt": after, "$lte": up_to}, "subject": _EMPLOYEES}
    cursor = store.events.find(where, _FIELDS, sort=[("position", ASCENDING)], limit=BATCH)
    return [doc async for doc in cursor]


async def _applied(models: ReadModels, subjects: set[str]) -> dict[str, int]:
    if not subjects:
        return {}
    checkpoints = models[DIRECTORY.checkpoint_collection]
    cursor = checkpoints.find({"_id": {"$in": sorted(subjects)}}, {"v": 1})
    return {doc["_id"]: int(doc["v"]) async for doc in cursor}


async def _watermark(models: ReadModels) -> int:
    doc = await models[WATERMARKS].find_one({"_id": _KEY})
    return int(doc["position"]) if doc else 0


async def _advance(models: ReadModels, position: int) -> None:
    await models[WATERMARKS].update_one(
        {"_id": _KEY}, {"$max": {"position": position}}, upsert=True
    )
