"""Event store against a real MongoDB-protocol server."""

from __future__ import annotations

import asyncio

import pytest
from servicekit.eventstore import ConcurrencyError, EventStore, Metadata, StreamAppend
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyIncremented, TallyOpened

pytestmark = pytest.mark.integration


@pytest.fixture
async def store(mongo_db):
    store = EventStore(mongo_db, SAMPLE_REGISTRY)
    await store.setup()
    return store


async def test_append_and_load_round_trip(store: EventStore) -> None:
    envs = await store.append(
        "tally:1",
        [TallyOpened(label="a"), TallyIncremented(by=2)],
        expected_version=0,
        metadata=Metadata(actor_id="e1"),
    )
    assert [e.streamversion for e in envs] == [1, 2]
    loaded = await store.load("tally:1")
    assert [r.event for r in loaded] == [TallyOpened(label="a"), TallyIncremented(by=2)]
    assert [r.envelope.actorid for r in loaded] == ["e1", "e1"]
    assert loaded[0].position < loaded[1].position
    assert await store.version("tally:1") == 2


async def test_concurrent_appends_at_same_version_exactly_one_wins(store: EventStore) -> None:
    await store.append("tally:c", [TallyOpened(label="c")], expected_version=0)

    async def attempt(i: int) -> bool:
        try:
            await store.append("tally:c", [TallyIncremented(by=i + 1)], expected_version=1)
        except ConcurrencyError:
            return False
        return True

    results = await asyncio.gather(*(attempt(i) for i in range(8)))
    assert results.count(True) == 1
    assert await store.version("tally:c") == 2
    assert len(await store.load("tally:c")) == 2


async def test_wrong_expected_version_is_refused_without_gap(store: EventStore) -> None:
    await store.append("tally:g", [TallyOpened(label="g")], expected_version=0)
    with pytest.raises(ConcurrencyError):
        await store.append("tally:g", [TallyIncremented(by=1)], expected_version=5)
    with pytest.raises(ConcurrencyError):
        await store.append("tally:g", [TallyIncremented(by=1)], expected_version=0)
    assert await store.version("tally:g") == 1


async def test_multi_stream_append_is_all_or_nothing(store: EventStore) -> None:
    await store.append("tally:x", [TallyOpened(label="x")], expected_version=0)
    with pytest.raises(ConcurrencyError):
        await store.append_streams(
            [
                StreamAppend("tally:y", 0, [TallyOpened(label="y")]),
                StreamAppend("tally:x", 0, [TallyOpened(label="x again")]),
            ]
        )
    assert await store.version("tally:y") == 0
    assert await store.events.count_documents({}) == 1


async def test_positions_are_unique_and_follow_commit_order(store: EventStore) -> None:
    await asyncio.gather(
        *(
            store.append(
                f"tally:p{i}", [TallyOpened(label="p"), TallyIncremented(by=1)], expected_version=0
            )
            for i in range(20)
        )
    )
    docs = [d async for d in store.events.find({}, sort=[("position", 1)])]
    positions = [d["position"] for d in docs]
    assert positions == list(range(1, 41))
    for i in range(20):  # a stream's events are consecutive within one append
        mine = [d["position"] for d in docs if d["subject"] == f"tally:p{i}"]
        assert mine[1] == mine[0] + 1


async def test_two_stores_racing_on_the_same_streams(mongo_db) -> None:
    """Like two API replicas: separate group committers, one database."""
    first, second = EventStore(mongo_db, SAMPLE_REGISTRY), EventStore(mongo_db, SAMPLE_REGISTRY)
    await first.setup()

    async def attempt(store: EventStore, subject: str) -> bool:
        try:
            await store.append(subject, [TallyOpened(label=subject)], expected_version=0)
        except ConcurrencyError:
            return False
        return True

    subjects = [f"tally:r{i}" for i in range(15)]
    results = await asyncio.gather(
        *(attempt(store, s) for s in subjects for store in (first, second))
    )
    assert results.count(True) == len(subjects)
    for subject in subjects:
        assert await first.version(subject) == 1
    positions = [d["position"] async for d in first.events.find({}, sort=[("position", 1)])]
    assert positions == list(range(1, len(subjects) + 1))
