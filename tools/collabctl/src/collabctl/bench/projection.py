"""Phase 4: projection throughput through the real FastStream batch subscriber."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.projection import ReadModels
from servicekit.runner import new_broker, subscribe
from servicekit.testing.sample import SAMPLE_REGISTRY, tally_projection

from collabctl.bench.ceilings import KAFKA_CONSUME, MONGO_UPSERT
from collabctl.bench.report import Figure, Report
from collabctl.bench.workload import BenchContext, Doc, now, per_second

POLL_S = 0.5  # coarse on purpose: every poll is work for the server being measured
TIMEOUT_S = 600.0


@dataclass(frozen=True, slots=True)
class Progress:
    """When the projection first showed progress and when it was complete."""

    started: float
    first_seen: float
    applied_at_first: int
    done: float


async def projection_throughput(
    ctx: BenchContext, report: Report, topic_prefix: str, total: int
) -> Figure:
    """Project the ``total`` events on the topic into a fresh database; events/s applied."""
    settings = ctx.settings("projection", topic_prefix=topic_prefix)
    client: AsyncMongoClient[Doc] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    projection = tally_projection()
    models = ReadModels(client[settings.database])
    broker = new_broker(settings)
    subscribe(broker, projection, models, settings, registry=SAMPLE_REGISTRY)
    try:
        for setup in projection.setups:
            await setup(models)
        started = now()
        await broker.start()
        progress = await _until_applied(models[projection.checkpoint_collection], total, started)
    finally:
        await broker.stop()
        await client.close()
    return _figure(progress, total, report)


def _figure(progress: Progress, total: int, report: Report) -> Figure:
    """Rate from the first applied batch on (the group join is not projection work)."""
    join_s = progress.first_seen - progress.started
    if progress.applied_at_first < total // 2:
        rate = per_second(total - progress.applied_at_first, progress.done - progress.first_seen)
        window = f"from first applied batch (group join + first batch took {join_s:.1f} s)"
    else:  # too small a run to see progress: include the join
        rate, window = per_second(total, progress.done - progress.started), "incl. group join"
    ceiling = min(
        report.ceiling(KAFKA_CONSUME), report.ceiling(MONGO_UPSERT), key=lambda c: c.value
    )
    note = f"runner.subscribe (FastStream batch subscriber) -> Projector -> MongoDB, {window}"
    return Figure("projection throughput", rate, "ev/s", ceiling, note)


async def _until_applied(checkpoints: AsyncCollection[Doc], total: int, started: float) -> Progress:
    """Poll the checkpoint collection until its versions add up to ``total``."""
    first_seen, applied_at_first = 0.0, 0
    while now() - started < TIMEOUT_S:
        applied = await _applied(checkpoints)
        if applied and not first_seen:
            first_seen, applied_at_first = now(), applied
        if applied >= total:
            return Progress(started, first_seen, applied_at_first, now())
        await asyncio.sleep(POLL_S)
    raise RuntimeError(f"projection applied only {await _applied(checkpoints)} of {total} events")


async def _applied(checkpoints: AsyncCollection[Doc]) -> int:
    """Events applied so far: every stream's checkpoint is its highest applied version."""
    pipeline: list[Doc] = [{"$group": {"_id": None, "n": {"$sum": "$v"}}}]
    async for row in await checkpoints.aggregate(pipeline):
        return int(row["n"])
    return 0
