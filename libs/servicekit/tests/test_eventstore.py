"""Event store contract: the MongoDB store and the in-memory fake behave the same."""

from __future__ import annotations

import asyncio

import pytest
from servicekit.eventstore import ConcurrencyError, EventStore, Metadata, StreamAppend
from servicekit.knownversions import KnownVersions
from servicekit.memorystore import InMemoryEventStore
from servicekit.streams import EventStorePort
from servicekit.testing.sample import (
    SAMPLE_REGISTRY,
    TallyClaimed,
    TallyIncremented,
    TallyOpened,
)


@pytest.fixture(params=["mongo", "memory"])
async def store(request, mongo_db) -> EventStorePort:
    if request.param == "memory":
        return InMemoryEventStore(SAMPLE_REGISTRY, indexed_fields=["owner_id"])
    store = EventStore(mongo_db, SAMPLE_REGISTRY, indexed_fields=["owner_id"])
    await store.setup()
    return store


async def test_append_and_load_round_trip(store: EventStorePort) -> None:
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
    assert [r.event for r in await store.load("tally:1", after_version=1)] == [
        TallyIncremented(by=2)
    ]


async def test_concurrent_appends_at_same_version_exactly_one_wins(store: EventStorePort) -> None:
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


async def test_wrong_expected_version_is_refused_without_gap(store: EventStorePort) -> None:
    await store.append("tally:g", [TallyOpened(label="g")], expected_version=0)
    with pytest.raises(ConcurrencyError):
        await store.append("tally:g", [TallyIncremented(by=1)], expected_version=5)
    with pytest.raises(ConcurrencyError):
        await store.append("tally:g", [TallyIncremented(by=1)], expected_version=0)
    assert await store.version("tally:g") == 1


async def test_multi_stream_append_is_all_or_nothing(store: EventStorePort) -> None:
    await store.append("tally:x", [TallyOpened(label="x")], expected_version=0)
    with pytest.raises(ConcurrencyError):
        await store.append_streams(
            [
                StreamAppend("tally:y", 0, [TallyOpened(label="y")]),
                StreamAppend("tally:x", 0, [TallyOpened(label="x again")]),
            ]
        )
    assert await store.version("tally:y") == 0
    assert await store.load_prefix("tally:") == await store.load("tally:x")


async def test_positions_are_unique_and_follow_commit_order(store: EventStorePort) -> None:
    await asyncio.gather(
        *(
            store.append(
                f"tally:p{i}", [TallyOpened(label="p"), TallyIncremented(by=1)], expected_version=0
            )
            for i in range(20)
        )
    )
    recorded = await store.load_prefix("tally:p")
    assert [r.position for r in recorded] == list(range(1, 41))
    for i in range(20):  # a stream's events are consecutive within one append
        mine = [r.position for r in recorded if r.envelope.subject == f"tally:p{i}"]
        assert mine[1] == mine[0] + 1


async def test_load_prefix_takes_only_streams_under_the_prefix(store: EventStorePort) -> None:
    for subject in ("tally:a/1", "tally:a/2", "tally:a", "tally:ab/1", "tally:b/1"):
        await store.append(subject, [TallyOpened(label=subject)], expected_version=0)
    subjects = [r.envelope.subject for r in await store.load_prefix("tally:a/")]
    assert subjects == ["tally:a/1", "tally:a/2"]


async def test_streams_where_finds_streams_by_an_indexed_payload_field(
    store: EventStorePort,
) -> None:
    await store.append("tally:1", [TallyClaimed(owner_id="e-1")], expected_version=0)
    await store.append("tally:2", [TallyClaimed(owner_id="e-2")], expected_version=0)
    await store.append("tally:2", [TallyClaimed(owner_id="e-1")], expected_version=1)
    assert sorted(await store.streams_where("owner_id", "e-1")) == ["tally:1", "tally:2"]
    assert await store.streams_where("owner_id", "nobody") == []
    with pytest.raises(ValueError, match="not an indexed field"):
        await store.streams_where("label", "x")


async def test_redact_blanks_the_personal_field_of_one_stream(store: EventStorePort) -> None:
    contact = {"email": "anna@example.com"}
    await store.append(
        "tally:r", [TallyClaimed(owner_id="e-1", contact=contact)], expected_version=0
    )
    await store.append(
        "tally:s", [TallyClaimed(owner_id="e-2", contact=contact)], expected_version=0
    )
    fields = {TallyClaimed.type(): "contact"}
    assert await store.redact("tally:r", fields) == 1
    assert await store.redact("tally:r", fields) == 0  # idempotent
    assert [r.event for r in await store.load("tally:r")] == [TallyClaimed(owner_id="e-1")]
    assert (await store.load("tally:s"))[0].event == TallyClaimed(owner_id="e-2", contact=contact)


@pytest.mark.integration
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


@pytest.mark.integration
async def test_the_relay_reads_bounded_position_ranges_and_steps_over_a_gap(mongo_db) -> None:
    store = EventStore(mongo_db, SAMPLE_REGISTRY)
    await store.setup()
    for i in range(30):
        await store.append(f"tally:g{i}", [TallyOpened(label=str(i))], expected_version=0)
    await store.mark_published(5)
    assert [d["position"] for d in await store.unpublished(10)] == list(range(6, 16))
    assert await store.unpublished_count() == 25
    await store.events.delete_many({"position": {"$gt": 15, "$lte": 20}})  # a hole
    await store.mark_published(15)
    assert [d["position"] for d in await store.unpublished(3)] == [21, 22, 23]
    await store.mark_published(30)
    assert await store.unpublished(10) == [] and await store.unpublished_count() == 0


@pytest.mark.integration
async def test_setup_accepts_an_older_index_of_an_indexed_field(mongo_db) -> None:
    """A database indexed under another name before the field was declared still starts."""
    await mongo_db["events"].create_index("data.owner_id", name="owner_streams")
    store = EventStore(mongo_db, SAMPLE_REGISTRY, indexed_fields=["owner_id"])
    await store.setup()
    await store.setup()
    names = [index["name"] async for index in await store.events.list_indexes()]
    assert "owner_streams" in names and "data_owner_id" not in names
    await store.append("tally:o", [TallyClaimed(owner_id="e-1")], expected_version=0)
    assert await store.streams_where("owner_id", "e-1") == ["tally:o"]


@pytest.mark.integration
async def test_a_store_that_knows_an_old_version_meets_the_unique_index(mongo_db) -> None:
    """An append that trusts what its store saw is still refused when another moved on."""
    first, second = EventStore(mongo_db, SAMPLE_REGISTRY), EventStore(mongo_db, SAMPLE_REGISTRY)
    await first.setup()
    await first.append("tally:k", [TallyOpened(label="k")], expected_version=0)
    await second.append("tally:k", [TallyIncremented(by=1)], expected_version=1)
    with pytest.raises(ConcurrencyError):
        await first.append("tally:k", [TallyIncremented(by=2)], expected_version=1)
    await first.append("tally:k", [TallyIncremented(by=3)], expected_version=2)
    versions = [r.envelope.streamversion for r in await second.load("tally:k")]
    assert versions == [1, 2, 3]


def test_known_versions_are_dropped_when_the_server_process_changes() -> None:
    known = KnownVersions()
    known.on_process("p1")
    known.note("tally:a", 4)
    known.note("tally:a", 2)  # a bound never goes down
    assert known.at_least("tally:a") == 4
    known.on_process("p1")
    assert known.at_least("tally:a") == 4
    known.on_process("p2")  # a restarted server may have lost what it showed
    assert known.at_least("tally:a") == 0
