"""Batched projection writes against real MongoDB: one bulk per collection, same guards."""

from __future__ import annotations

from typing import Any

import pytest
from collab_events import new_envelope
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.guarded import GuardedWriteFailed
from servicekit.projection import EventContext, Projection, ReadModels, first_version
from servicekit.projector import Projector
from servicekit.testing.sample import (
    SAMPLE_REGISTRY,
    TallyIncremented,
    TallyOpened,
    tally_projection,
)
from servicekit.writebatch import WriteBatch

from .test_projector import Rec, records

pytestmark = pytest.mark.integration


async def test_queued_writes_apply_in_order_with_the_guards(mongo_db) -> None:
    people, seen = mongo_db["people"], mongo_db["seen"]
    writes = WriteBatch()
    writes.upsert_if_newer(people, "e-1", 1, {"name": "Anna", "title": "Dev"})
    writes.upsert_if_newer(people, "e-1", 2, {"name": "Anna M."})
    writes.upsert_if_newer(people, "e-1", 1, {"name": "replayed"})  # older: no effect
    writes.replace_if_newer(people, "e-2", 1, {"name": "Ben"})
    writes.insert_if_absent(seen, {"_id": "e-1/p-1", "at": 1})
    writes.insert_if_absent(seen, {"_id": "e-1/p-1", "at": 2})  # the natural key is taken
    assert len(writes) == 6
    await writes.flush()
    assert len(writes) == 0
    assert await people.find_one({"_id": "e-1"}) == {
        "_id": "e-1",
        "name": "Anna M.",
        "title": "Dev",
        "_v": 2,
    }
    assert await people.find_one({"_id": "e-2"}) == {"_id": "e-2", "name": "Ben", "_v": 1}
    assert [d async for d in seen.find({})] == [{"_id": "e-1/p-1", "at": 1}]


async def test_a_flush_is_one_bulk_write_per_collection(mongo_db, monkeypatch) -> None:
    writes, sent = WriteBatch(), []
    bulk_write = AsyncCollection.bulk_write

    async def counting(self: AsyncCollection[Any], requests: Any, **kwargs: Any) -> Any:
        sent.append((self.name, len(requests)))
        return await bulk_write(self, requests, **kwargs)

    monkeypatch.setattr(AsyncCollection, "bulk_write", counting)
    for i in range(50):
        writes.upsert_if_newer(mongo_db["a"], f"k{i}", 1, {"i": i})
        writes.delete_if_older(mongo_db["b"], f"k{i}", 1)
    await writes.flush()
    assert sent == [("a", 50), ("b", 50)]
    assert await mongo_db["a"].count_documents({}) == 50


async def test_a_duplicate_key_not_at_the_version_fails_the_flush(mongo_db) -> None:
    people = mongo_db["people"]
    await people.create_index("email", unique=True)
    await people.insert_one({"_id": "e-1", "email": "a@example.com", "_v": 1})
    writes = WriteBatch()
    writes.upsert_if_newer(people, "e-1", 1, {"email": "a@example.com"})  # replay: fine
    writes.upsert_if_newer(people, "e-2", 1, {"email": "a@example.com"})  # conflicting entry
    with pytest.raises(GuardedWriteFailed, match="people/e-2"):
        await writes.flush()


async def test_a_first_version_is_inserted_and_settled_like_a_guarded_replace(mongo_db) -> None:
    people = mongo_db["people"]
    await people.insert_one({"_id": "e-2", "name": "Ben", "_v": 3})  # later versions applied
    await people.insert_one({"_id": "e-3", "name": "stale", "_v": 0})  # older than version 1
    writes = WriteBatch()
    writes.insert_first_version(people, "e-1", {"name": "Anna"})
    writes.insert_first_version(people, "e-2", {"name": "replayed"})  # redelivery: no effect
    writes.insert_first_version(people, "e-3", {"name": "Cleo"})  # replaced, guard passes
    writes.insert_first_version(people, "e-4", {"name": "Dan"})  # the bulk goes on after
    await writes.flush()
    assert [d async for d in people.find({}, sort=[("_id", 1)])] == [
        {"_id": "e-1", "name": "Anna", "_v": 1},
        {"_id": "e-2", "name": "Ben", "_v": 3},
        {"_id": "e-3", "name": "Cleo", "_v": 1},
        {"_id": "e-4", "name": "Dan", "_v": 1},
    ]


async def test_a_first_version_meeting_another_unique_key_fails_the_flush(mongo_db) -> None:
    people = mongo_db["people"]
    await people.create_index("email", unique=True)
    await people.insert_one({"_id": "e-1", "email": "a@example.com", "_v": 1})
    writes = WriteBatch()
    writes.insert_first_version(people, "e-2", {"email": "a@example.com"})
    with pytest.raises(GuardedWriteFailed, match="people/e-2"):
        await writes.flush()


async def test_a_handler_that_is_not_batched_reads_what_came_before(mongo_db) -> None:
    """Batched writes are sent before a handler that reads, so it sees them."""
    projection = Projection(name="mixed", sources=("sample",), collections=("tallies",))
    seen: list[Any] = []

    @projection.on(TallyOpened, batched=True)
    async def opened(event: TallyOpened, ctx: EventContext) -> None:
        ctx.writes.upsert_if_newer(ctx.models["tallies"], ctx.envelope.subject, 1, {"n": 0})

    @projection.on(TallyIncremented)
    async def incremented(event: TallyIncremented, ctx: EventContext) -> None:
        seen.append(await ctx.models["tallies"].find_one({"_id": ctx.envelope.subject}))

    proj = Projector(
        projection,
        models=ReadModels(mongo_db),
        dead_letters=None,
        registry=SAMPLE_REGISTRY,  # type: ignore[arg-type]
    )
    batch: list[Rec] = records(("tally:a", [TallyOpened(label="a"), TallyIncremented(by=1)]))
    await proj.apply_batch(batch)
    assert seen == [{"_id": "tally:a", "n": 0, "_v": 1}]


def test_a_handler_can_be_batched_only_for_a_streams_first_event() -> None:
    projection = Projection(name="firsts", sources=("sample",), collections=("tallies",))

    @projection.on(TallyOpened, batched=first_version)
    async def opened(event: TallyOpened, ctx: EventContext) -> None:
        raise AssertionError("not run")

    event = TallyOpened(label="a")
    first, later = (new_envelope(event, subject="tally:a", streamversion=v) for v in (1, 2))
    assert projection.is_batched(event, first) and not projection.is_batched(event, later)
    assert not projection.is_batched(TallyIncremented(by=1), first)  # no handler at all


@pytest.mark.parametrize(("service", "checkpointed"), [("sample", True), ("other", False)])
async def test_only_own_events_checkpoint_a_batched_handler(mongo_db, service, checkpointed):
    """Own events answer Consistency-Tokens; another service's batched ones need no dedup."""
    projection = tally_projection()
    models = ReadModels(mongo_db)
    proj = Projector(
        projection,
        models=models,
        dead_letters=None,  # type: ignore[arg-type]
        registry=SAMPLE_REGISTRY,
        service=service,
    )
    await proj.apply_batch(records(("tally:a", [TallyOpened(label="a"), TallyIncremented(by=2)])))
    assert await models["tallies"].find_one({"_id": "tally:a"}, {"_id": 0}) == {
        "label": "a",
        "total": 2,
        "_v": 2,
    }
    saved = await models[projection.checkpoint_collection].find_one({"_id": "tally:a"})
    assert (saved == {"_id": "tally:a", "v": 2}) if checkpointed else saved is None
