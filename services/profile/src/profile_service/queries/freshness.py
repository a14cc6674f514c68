"""Which acknowledged writes the directory has not applied yet (``registries.acknowledged``).

An entry is pending while the directory's checkpoint of its stream is below the
entry's version; entries found applied are forgotten on the way. Everything is
in MongoDB, nothing in process memory, so this holds across API replicas and
restarts; a stopped worker only leaves entries pending, and reads that must
wait for them wait (bounded) instead of answering without them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Any

from profile_service.domain.employee import subject
from profile_service.ports import Ports
from profile_service.projections import DIRECTORY

BATCH = 500


async def pending(ports: Ports, entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The entries the directory lacks (employee id -> version); forgets the applied ones."""
    wanted = {doc["_id"]: int(doc["v"]) for doc in entries}
    applied = await _applied(ports, wanted)
    await ports.acknowledged.forget({e: v for e, v in wanted.items() if applied.get(e, 0) >= v})
    return {e: v for e, v in wanted.items() if applied.get(e, 0) < v}


async def wait_until_applied(ports: Ports, timeout_s: float) -> bool:
    """Wait (bounded) until the directory holds every write acknowledged before the call."""
    deadline = time.monotonic() + timeout_s
    waiting = await _all_pending(ports, deadline)
    if waiting is None:
        return False
    while waiting:
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.02)
        applied = await _applied(ports, waiting)
        waiting = {e: v for e, v in waiting.items() if applied.get(e, 0) < v}
    return True


async def _all_pending(ports: Ports, deadline: float) -> dict[str, int] | None:
    """Every pending entry, or None when walking them takes past ``deadline``."""
    found: dict[str, int] = {}
    last = ""
    while batch := await ports.acknowledged.after(last, BATCH):
        if time.monotonic() >= deadline:
            return None  # many entries: what was forgotten so far speeds up the next read
        found |= await pending(ports, batch)
        last = batch[-1]["_id"]
    return found


async def _applied(ports: Ports, employee_ids: Iterable[str]) -> dict[str, int]:
    subjects = {subject(e): e for e in employee_ids}
    if not subjects:
        return {}
    checkpoints = ports.models[DIRECTORY.checkpoint_collection]
    cursor = checkpoints.find({"_id": {"$in": sorted(subjects)}}, {"v": 1})
    return {subjects[doc["_id"]]: int(doc["v"]) async for doc in cursor}
