"""Version-guarded writes against real MongoDB: a duplicate key is never taken on trust."""

from __future__ import annotations

import asyncio

import pytest
from servicekit.deadletters import ERROR_HEADER
from servicekit.guarded import (
    GuardedWriteFailed,
    replace_if_newer,
    upsert_if_newer,
    upsert_if_newer_returning,
)
from servicekit.testing.kafka import read_topic
from servicekit.testing.sample import TallyOpened

from .test_projector import projector, records, totals  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration


async def test_newer_applies_replay_and_older_do_not(mongo_db) -> None:
    people = mongo_db["people"]
    assert await upsert_if_newer(people, "e-1", 2, {"name": "Anna"})
    assert not await upsert_if_newer(people, "e-1", 2, {"name": "Anna"})  # replay
    assert not await upsert_if_newer(people, "e-1", 1, {"name": "Old"})  # older
    assert await replace_if_newer(people, "e-1", 3, {"name": "Anna M."})
    assert not await replace_if_newer(people, "e-1", 3, {"name": "Other"})
    written, before = await upsert_if_newer_returning(people, "e-1", 4, {"title": "CTO"})
    assert written and before is not None and before["name"] == "Anna M."
    assert await upsert_if_newer_returning(people, "e-1", 4, {"title": "x"}) == (False, None)
    assert await people.find_one({"_id": "e-1"}) == {
        "_id": "e-1",
        "name": "Anna M.",
        "title": "CTO",
        "_v": 4,
    }


@pytest.mark.parametrize("helper", ["upsert", "replace", "returning"])
async def test_duplicate_key_of_a_document_not_at_the_version_fails(mongo_db, helper) -> None:
    """A unique-index entry that is not this document's version must not read as 'applied'."""
    people = mongo_db["people"]
    await people.create_index("email", unique=True)
    await people.insert_one({"_id": "e-1", "email": "a@example.com", "_v": 1})
    write = {
        "upsert": lambda: upsert_if_newer(people, "e-2", 1, {"email": "a@example.com"}),
        "replace": lambda: replace_if_newer(people, "e-2", 1, {"email": "a@example.com"}),
        "returning": lambda: upsert_if_newer_returning(
            people, "e-2", 1, {"email": "a@example.com"}
        ),
    }[helper]
    with pytest.raises(GuardedWriteFailed, match="people/e-2"):
        await write()
    assert await people.find_one({"_id": "e-2"}) is None


async def test_concurrent_first_inserts_of_one_key_end_at_the_newest(mongo_db) -> None:
    counters = mongo_db["counters"]
    versions = list(range(1, 21))
    await asyncio.gather(*(upsert_if_newer(counters, "k", v, {"at": v}) for v in versions))
    doc = await counters.find_one({"_id": "k"})
    assert doc is not None and (doc["_v"], doc["at"]) == (20, 20)


async def test_projector_dead_letters_a_write_it_cannot_confirm(projector, kafka_bootstrap) -> None:  # noqa: F811
    """The event is retried, then dead-lettered with the error; the projection goes on."""
    proj, dlq = projector
    await proj.models["tallies"].create_index("label", unique=True)
    batch = records(
        ("tally:a", [TallyOpened(label="same")]),
        ("tally:b", [TallyOpened(label="same")]),
        ("tally:c", [TallyOpened(label="other")]),
    )
    await proj.apply_batch(batch)
    assert await totals(proj.models) == {"tally:a": ("same", 0), "tally:c": ("other", 0)}
    dead = await read_topic(kafka_bootstrap, dlq, at_least=1)
    assert [r.value for r in dead] == [batch[1].value]
    assert "GuardedWriteFailed" in dict(dead[0].headers)[ERROR_HEADER].decode()
