"""Every read model equals a rebuild: snapshot, ``servicekit.rebuild`` each projection, compare.

The rebuild is the one ``collabctl rebuild`` runs: replay the topics from offset 0
into fresh collections, swap them in, drain. Before it, the service must be settled
(everything stored is published and every projection has caught up), otherwise the
rebuild would legitimately contain more than the live model.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from collab_events import dlq_topic_for
from pymongo import AsyncMongoClient
from servicekit.eventstore import EventStore
from servicekit.kafka_admin import end_offsets
from servicekit.lag import projection_lag
from servicekit.projection import Projection, ReadModels
from servicekit.rebuild import rebuild
from servicekit.service import ServiceDefinition
from servicekit.settings import ServiceSettings

Doc = dict[str, Any]
# Bookkeeping, not state: compare-and-set generations count writes, and an empty count
# bucket is the same as none (which of the two exists depends on event interleaving).
IGNORED_FIELDS = frozenset({"gen"})
SETTLE_POLL_S = 0.5


async def settle(
    settings: ServiceSettings, definition: ServiceDefinition, timeout_s: float
) -> None:
    """Wait until the outbox is empty and every projection's lag is 0 (TimeoutError if not)."""
    deadline = time.monotonic() + timeout_s
    client: AsyncMongoClient[Doc] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        store = EventStore(client[settings.database], definition.registry)
        while not await _settled(settings, definition.projections, store):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{definition.name} did not settle within {timeout_s:.0f}s")
            await asyncio.sleep(SETTLE_POLL_S)
    finally:
        await client.close()


async def _settled(
    settings: ServiceSettings, projections: Sequence[Projection], store: EventStore
) -> bool:
    if await store.unpublished_count():
        return False
    for projection in projections:
        if any((await projection_lag(settings, projection)).values()):
            return False
    return True


async def dead_letters(settings: ServiceSettings) -> int:
    """Records in the service's dead-letter topic."""
    topic = dlq_topic_for(settings.service_name, settings.topic_prefix)
    return sum((await end_offsets(settings.kafka_bootstrap, topic)).values())


async def rebuild_differences(
    settings: ServiceSettings, definition: ServiceDefinition, timeout_s: float
) -> list[str]:
    """Rebuild every projection with collections; name each collection that changed."""
    client: AsyncMongoClient[Doc] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        models = ReadModels(client[settings.database])
        # A policy keeps no read model (it issues commands): nothing to rebuild.
        projections = [p for p in definition.projections if p.collections]
        found = await asyncio.gather(  # disjoint collections: rebuild side by side
            *(_rebuild_one(settings, definition, p, models, timeout_s) for p in projections)
        )
    finally:
        await client.close()
    return [difference for differences in found for difference in differences]


async def _rebuild_one(
    settings: ServiceSettings,
    definition: ServiceDefinition,
    projection: Projection,
    models: ReadModels,
    timeout_s: float,
) -> list[str]:
    before = await snapshot(models, projection)
    await rebuild(settings, projection, models, registry=definition.registry, timeout_s=timeout_s)
    after = await snapshot(models, projection)
    return [
        f"{projection.name}.{name}: {_describe(before[name], after[name])}"
        for name in before
        if before[name] != after[name]
    ]


async def snapshot(models: ReadModels, projection: Projection) -> dict[str, list[Doc]]:
    """Every document of a projection's collections, by ``_id``, without bookkeeping."""
    out: dict[str, list[Doc]] = {}
    for name in projection.all_collections():
        docs = await models[name].find({}).sort("_id", 1).to_list(None)
        kept = [{k: v for k, v in d.items() if k not in IGNORED_FIELDS} for d in docs]
        out[name] = [d for d in kept if not _empty_count(d)]
    return out


def _empty_count(doc: Doc) -> bool:
    return set(doc) == {"_id", "group_id", "n"} and doc["n"] == 0


def _describe(live: list[Doc], rebuilt: list[Doc]) -> str:
    """How the live documents differ from the rebuilt ones, briefly."""
    live_by_id = {str(d["_id"]): d for d in live}
    rebuilt_by_id = {str(d["_id"]): d for d in rebuilt}
    missing = sorted(set(rebuilt_by_id) - set(live_by_id))
    extra = sorted(set(live_by_id) - set(rebuilt_by_id))
    changed = sorted(
        k for k in set(live_by_id) & set(rebuilt_by_id) if live_by_id[k] != rebuilt_by_id[k]
    )
    parts = [f"{len(missing)} missing live", f"{len(extra)} only live", f"{len(changed)} differ"]
    example = (missing or extra or changed or ["?"])[0]
    return f"{', '.join(parts)} (e.g. {example})"
