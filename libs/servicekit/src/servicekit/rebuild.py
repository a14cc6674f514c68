"""Rebuild a projection from the earliest offset into fresh collections, then swap.

1. Consume every source topic from the start under a new consumer group into
   collections named ``rebuild_<stamp>_<name>``, until the rebuild has reached
   both the topic ends seen at the start and the live group's offsets.
2. Stop, and rename each fresh collection over the live one (indexes included).
3. Drain: consume again (same group, live collections) until the rebuild has
   reached the live group's offsets once more, so nothing the live projector
   applied to the old collections during the rebuild is missing. Writes are
   idempotent, so the live projector and the drain may overlap safely.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from collab_events import REGISTRY, EventRegistry

from servicekit.kafka_admin import committed_offsets, end_offsets
from servicekit.projection import Projection, ReadModels
from servicekit.runner import consumer_group, new_broker, source_topics, subscribe
from servicekit.settings import ServiceSettings


@dataclass(frozen=True, slots=True)
class RebuildResult:
    """What a rebuild did."""

    projection: str
    group: str
    seconds: float
    collections: tuple[str, ...]


async def rebuild(
    settings: ServiceSettings,
    projection: Projection,
    models: ReadModels,
    *,
    registry: EventRegistry = REGISTRY,
    timeout_s: float = 3600.0,
) -> RebuildResult:
    """Rebuild ``projection`` and swap it in; returns what was done."""
    started = time.monotonic()
    suffix = f".rebuild-{int(time.time() * 1000)}"
    fresh = ReadModels(models.db, f"rebuild_{suffix.rsplit('-', 1)[1]}_")
    for name in projection.all_collections():
        await fresh[name].drop()
    for setup in projection.setups:
        await setup(fresh)
    targets = await _targets(settings, projection, include_ends=True)
    await _consume_until(settings, projection, fresh, suffix, targets, registry, timeout_s)
    await _swap(projection, fresh, models)
    drain_targets = await _targets(settings, projection, include_ends=False)
    await _consume_until(settings, projection, models, suffix, drain_targets, registry, timeout_s)
    return RebuildResult(
        projection.name,
        consumer_group(settings, projection, suffix),
        time.monotonic() - started,
        projection.all_collections(),
    )


async def _targets(
    settings: ServiceSettings, projection: Projection, *, include_ends: bool
) -> dict[str, dict[int, int]]:
    live_group = consumer_group(settings, projection)
    targets: dict[str, dict[int, int]] = {}
    for topic in source_topics(settings, projection):
        live = await committed_offsets(settings.kafka_bootstrap, live_group, topic)
        ends = await end_offsets(settings.kafka_bootstrap, topic) if include_ends else {}
        partitions = set(live) | set(ends)
        targets[topic] = {p: max(live.get(p, 0), ends.get(p, 0)) for p in partitions}
    return targets


async def _consume_until(
    settings: ServiceSettings,
    projection: Projection,
    models: ReadModels,
    suffix: str,
    targets: dict[str, dict[int, int]],
    registry: EventRegistry,
    timeout_s: float,
) -> None:
    broker = new_broker(settings)
    subscribe(broker, projection, models, settings, group_suffix=suffix, registry=registry)
    group = consumer_group(settings, projection, suffix)
    await broker.start()
    try:
        deadline = time.monotonic() + timeout_s
        while not await _reached(settings, group, targets):
            if time.monotonic() > deadline:
                raise TimeoutError(f"rebuild of {projection.name} did not catch up")
            await asyncio.sleep(0.2)
    finally:
        await broker.stop()


async def _reached(
    settings: ServiceSettings, group: str, targets: dict[str, dict[int, int]]
) -> bool:
    for topic, wanted in targets.items():
        done = await committed_offsets(settings.kafka_bootstrap, group, topic)
        if any(done.get(p, 0) < offset for p, offset in wanted.items()):
            return False
    return True


async def _swap(projection: Projection, fresh: ReadModels, live: ReadModels) -> None:
    db = live.db
    existing = set(await db.list_collection_names())
    for name in projection.all_collections():
        source, target = fresh[name].name, live[name].name
        if source in existing or source in set(await db.list_collection_names()):
            await db.client.admin.command(
                "renameCollection", f"{db.name}.{source}", to=f"{db.name}.{target}", dropTarget=True
            )
        else:  # the rebuilt model has no documents there: the live one must be empty too
            await db[target].delete_many({})
