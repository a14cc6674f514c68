"""A rebuilt projection equals the incrementally built one."""

from __future__ import annotations

import asyncio

import pytest
from servicekit.commands import execute, one_stream
from servicekit.eventstore import ConcurrencyError
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyOpened
from servicekit.testing.sample_api import (
    TALLIES,
    TALLY,
    IncrementTally,
    decide_increment,
    sample_definition,
    tally_subject,
)
from servicekit.testing.service import running_service

pytestmark = pytest.mark.integration


async def snapshot(models, name: str) -> list[dict]:
    return [d async for d in models[name].find({}, sort=[("_id", 1)])]


async def test_rebuild_equals_live(settings_for, mongo_db, kafka_bootstrap) -> None:
    settings = settings_for("sample")
    async with running_service(settings, sample_definition()) as svc:
        store = svc.runtime.store
        for i in range(12):
            await store.append(f"tally:{i}", [TallyOpened(label=f"t{i}")], expected_version=0)
        for round_ in range(3):
            for i in range(12):
                try:
                    handler = one_stream(TALLY, tally_subject, decide_increment, store)
                    await execute(store, handler, IncrementTally(str(i), by=round_ + 1))
                except ConcurrencyError:
                    pytest.fail("no concurrent writers here")

        async def caught_up() -> bool:
            docs = await snapshot(svc.runtime.models, "tallies")
            return len(docs) == 12 and all(d["total"] == 6 for d in docs)

        await eventually(caught_up)
        live = await snapshot(svc.runtime.models, "tallies")
        live_checkpoints = await snapshot(svc.runtime.models, TALLIES.checkpoint_collection)
        await svc.runtime.models["tallies"].update_one(
            {"_id": "tally:0"}, {"$set": {"total": -1}}
        )  # corruption
        rebuilding = asyncio.create_task(
            rebuild(settings, TALLIES, svc.runtime.models, registry=SAMPLE_REGISTRY, timeout_s=60)
        )
        result = await rebuilding
        assert result.projection == "tallies"
        assert await snapshot(svc.runtime.models, "tallies") == live
        assert await snapshot(svc.runtime.models, TALLIES.checkpoint_collection) == live_checkpoints
        indexes = await svc.runtime.models["tallies"].index_information()
        assert any(spec["key"] == [("label", 1)] for spec in indexes.values())
        names = await mongo_db.list_collection_names()
        assert not [n for n in names if n.startswith("rebuild_")]
