"""Projector against real Kafka and MongoDB: idempotency, poison messages, DLQ."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from collab_events import dlq_topic_for, encode_record, new_envelope
from servicekit.deadletters import ERROR_HEADER, DeadLetters
from servicekit.kafka_admin import ensure_topics
from servicekit.projection import ReadModels
from servicekit.projector import Projector
from servicekit.testing.kafka import read_topic
from servicekit.testing.sample import (
    SAMPLE_REGISTRY,
    TallyIncremented,
    TallyOpened,
    tally_projection,
)

pytestmark = pytest.mark.integration


@dataclass
class Rec:
    """A consumer record as the projector sees it."""

    value: bytes
    key: bytes
    offset: int
    topic: str = "collab.sample.v1"
    partition: int = 0
    headers: list[tuple[str, bytes]] = field(default_factory=list)


def records(*streams: tuple[str, list[Any]]) -> list[Rec]:
    out = []
    for subject, events in streams:
        for version, event in enumerate(events, start=1):
            record = encode_record(new_envelope(event, subject=subject, streamversion=version))
            out.append(Rec(record.value, record.key, len(out), headers=record.headers))
    return out


async def totals(models: ReadModels) -> dict[str, Any]:
    return {d["_id"]: (d["label"], d["total"]) async for d in models["tallies"].find({})}


@pytest.fixture
async def projector(mongo_db, kafka_bootstrap, topic_prefix):
    from aiokafka import AIOKafkaProducer

    dlq = dlq_topic_for("sample", topic_prefix)
    await ensure_topics(kafka_bootstrap, [dlq], partitions=1)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()

    async def publish(topic, value, key, headers):
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    projection = tally_projection()
    models = ReadModels(mongo_db)
    yield (
        Projector(
            projection,
            models=models,
            dead_letters=DeadLetters(dlq, publish),
            registry=SAMPLE_REGISTRY,
            retries=2,
            retry_backoff_s=0.01,
        ),
        dlq,
    )
    await producer.stop()


async def test_same_batch_twice_gives_same_state(projector) -> None:
    proj, _ = projector
    batch = records(
        ("tally:a", [TallyOpened(label="a"), TallyIncremented(by=2), TallyIncremented(by=3)]),
        ("tally:b", [TallyOpened(label="b"), TallyIncremented(by=7)]),
    )
    await proj.apply_batch(batch)
    once = await totals(proj.models)
    assert once == {"tally:a": ("a", 5), "tally:b": ("b", 7)}
    await proj.apply_batch(batch)
    await proj.apply_batch(batch[2:] + batch[:2])  # partial replays in any order
    assert await totals(proj.models) == once


async def test_replay_after_lost_checkpoint_does_not_double(projector) -> None:
    proj, _ = projector
    batch = records(("tally:c", [TallyOpened(label="c"), TallyIncremented(by=4)]))
    await proj.apply_batch(batch)
    await proj.checkpoints.delete_many({})  # as if the process died before the checkpoint
    await proj.apply_batch(batch)
    assert await totals(proj.models) == {"tally:c": ("c", 4)}


async def test_poison_message_goes_to_dlq_and_projection_continues(
    projector, kafka_bootstrap
) -> None:
    proj, dlq = projector
    batch = records(
        (
            "tally:p",
            [TallyOpened(label="p"), TallyIncremented(by=1, fail=True), TallyIncremented(by=10)],
        )
    )
    garbage = Rec(b"{not json", b"tally:z", offset=99)
    await proj.apply_batch([*batch, garbage])
    assert await totals(proj.models) == {"tally:p": ("p", 10)}
    dead = await read_topic(kafka_bootstrap, dlq, at_least=2)
    errors = sorted(dict(r.headers)[ERROR_HEADER].decode() for r in dead)
    assert len(dead) == 2
    assert "RuntimeError: poison increment" in errors[0]
    assert "not a CloudEvents envelope" in errors[1]
    assert {r.value for r in dead} == {batch[1].value, b"{not json"}


async def test_database_outage_rewinds_instead_of_dead_lettering(
    projector, kafka_bootstrap
) -> None:
    """MongoDB unreachable is not the record's fault: the batch fails whole, nothing is lost."""
    from pymongo.errors import AutoReconnect

    proj, dlq = projector
    handler = proj.projection.handlers[TallyIncremented]
    outage = {"left": 1}

    async def flaky(event, ctx):
        if outage["left"]:
            outage["left"] -= 1
            raise AutoReconnect("connection reset")
        await handler(event, ctx)

    proj.projection.handlers[TallyIncremented] = flaky
    batch = records(("tally:o", [TallyOpened(label="o"), TallyIncremented(by=3)]))
    with pytest.raises(AutoReconnect):
        await proj.apply_batch(batch)
    await proj.apply_batch(batch)  # the redelivery after the rewind
    assert await totals(proj.models) == {"tally:o": ("o", 3)}
    marker = Rec(b"{marker", b"m", offset=1)  # proves the DLQ held nothing before it
    await proj.apply_batch([marker])
    dead = await read_topic(kafka_bootstrap, dlq, at_least=1)
    assert [r.value for r in dead] == [b"{marker"]
