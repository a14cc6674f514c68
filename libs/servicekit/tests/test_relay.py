"""Outbox relay against real Tansu and SecantusDB: order, crashes, broker outage."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from collab_events import decode_record, topic_for
from servicekit.embedded import free_port, start_bucket, start_kafka
from servicekit.eventstore import EventStore
from servicekit.kafka_admin import ensure_topics
from servicekit.lease import Lease
from servicekit.relay import OutboxRelay
from servicekit.testing.kafka import read_topic
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyIncremented, TallyOpened

pytestmark = pytest.mark.integration


def make_relay(
    store: EventStore,
    bootstrap: str,
    topic: str,
    owner: str = "r1",
    cls: type[OutboxRelay] = OutboxRelay,
    poll_interval_s: float = 0.2,
    watch_changes: bool = True,
) -> OutboxRelay:
    return cls(
        store=store,
        topic=topic,
        lease=Lease(store.db, "relay", owner, 5.0),
        producer_factory=lambda: AIOKafkaProducer(
            bootstrap_servers=bootstrap, acks="all", request_timeout_ms=3000
        ),
        batch_size=7,
        poll_interval_s=poll_interval_s,
        watch_changes=watch_changes,
    )


async def append_tallies(store: EventStore, streams: int, increments: int, tag: str = "") -> None:
    for s in range(streams):
        subject = f"tally:{tag}{s}"
        await store.append(subject, [TallyOpened(label=subject)], expected_version=0)
        for i in range(increments):
            await store.append(subject, [TallyIncremented(by=1)], expected_version=i + 1)


def versions_by_subject(records: list[Any]) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = defaultdict(list)
    for record in records:
        envelope = decode_record(record.value)
        seen[envelope.subject].append(envelope.streamversion)
    return seen


@pytest.fixture
async def store(mongo_db):
    store = EventStore(mongo_db, SAMPLE_REGISTRY)
    await store.setup()
    return store


async def test_every_event_once_in_stream_order(store, kafka_bootstrap, topic_prefix) -> None:
    topic = topic_for("sample", topic_prefix)
    await ensure_topics(kafka_bootstrap, [topic], partitions=3)
    await append_tallies(store, streams=5, increments=6)
    stop = asyncio.Event()
    task = asyncio.create_task(make_relay(store, kafka_bootstrap, topic).run(stop))
    await append_tallies(store, streams=3, increments=4, tag="late")  # woken by change stream
    records = await read_topic(kafka_bootstrap, topic, at_least=5 * 7 + 3 * 5)
    stop.set()
    await task
    by_subject = versions_by_subject(records)
    assert len(records) == 50
    for subject, versions in by_subject.items():
        assert versions == list(range(1, len(versions) + 1)), subject
    assert await store.unpublished_count() == 0


@pytest.mark.parametrize("watch_changes", [True, False])
async def test_woken_without_waiting_for_the_poll(
    store, mongo_db, kafka_bootstrap, topic_prefix, watch_changes: bool
) -> None:
    """An append through the relay's store wakes it in-process; one through another store
    object (another process, in effect) only by the change stream, else by the next poll."""
    topic = topic_for("sample", topic_prefix)
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    relay = make_relay(
        store, kafka_bootstrap, topic, poll_interval_s=60, watch_changes=watch_changes
    )
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    await asyncio.sleep(1.0)  # the first pass found nothing; the next poll is a minute away
    await store.append("tally:own", [TallyOpened(label="own")], expected_version=0)
    assert len(await read_topic(kafka_bootstrap, topic, at_least=1, timeout_s=10)) == 1
    other = EventStore(mongo_db, SAMPLE_REGISTRY)
    await other.append("tally:other", [TallyOpened(label="other")], expected_version=0)
    await asyncio.sleep(3.0)
    published = await store.unpublished_count() == 0
    stop.set()
    await task
    assert published is watch_changes


class CrashAfterPublish(OutboxRelay):
    """Publishes a batch, then dies before marking it."""

    async def _publish(self, docs: list[dict[str, Any]]) -> None:
        await super()._publish(docs)
        raise SystemExit("killed between publish and mark")


async def test_crash_between_publish_and_mark_resends_and_consumer_dedupes(
    store, kafka_bootstrap, topic_prefix
) -> None:
    topic = topic_for("sample", topic_prefix)
    await ensure_topics(kafka_bootstrap, [topic], partitions=2)
    await append_tallies(store, streams=2, increments=2)
    crashing = make_relay(store, kafka_bootstrap, topic, owner="dies", cls=CrashAfterPublish)
    assert await crashing.lease.acquire()
    with pytest.raises(SystemExit):
        await crashing.publish_pending()
    await crashing._reset_producer()
    await crashing.lease.release()  # the lease would expire on its own; this keeps the test fast
    assert await store.unpublished_count() == 6
    survivor = make_relay(store, kafka_bootstrap, topic, owner="survivor")
    assert await survivor.lease.acquire()
    assert await survivor.publish_pending() == 6
    await survivor._reset_producer()
    records = await read_topic(kafka_bootstrap, topic, at_least=6 + 6)
    by_subject = versions_by_subject(records)
    assert len(records) == 12  # the first batch went out twice: duplicates on the wire
    for versions in by_subject.values():
        deduped = list(dict.fromkeys(versions))
        assert deduped == [1, 2, 3]


async def test_only_the_lease_holder_publishes(store) -> None:
    first = Lease(store.db, "relay", "a", ttl_s=30)
    second = Lease(store.db, "relay", "b", ttl_s=30)
    assert await first.acquire()
    assert not await second.acquire()
    await first.release()
    assert await second.acquire()


async def test_broker_outage_loses_nothing(store, test_log_dir: Path, tmp_path: Path) -> None:
    bucket = start_bucket(free_port(), data_root=tmp_path / "bucket", log_dir=test_log_dir)
    port = free_port()
    kafka = start_kafka(port, log_dir=test_log_dir, storage="s3://tansu/", bucket_port=bucket.port)
    bootstrap, topic = f"127.0.0.1:{port}", "collab.sample.v1"
    stop = asyncio.Event()
    task = None
    try:
        await ensure_topics(bootstrap, [topic], partitions=2)
        task = asyncio.create_task(make_relay(store, bootstrap, topic).run(stop))
        await append_tallies(store, streams=3, increments=3, tag="before")
        await read_topic(bootstrap, topic, at_least=12)
        kafka.stop()
        await append_tallies(store, streams=3, increments=3, tag="during")
        await asyncio.sleep(2)
        assert await store.unpublished_count() == 12
        kafka = start_kafka(
            port, log_dir=test_log_dir, storage="s3://tansu/", bucket_port=bucket.port
        )
        records = await read_topic(bootstrap, topic, at_least=24, timeout_s=60)
        by_subject = versions_by_subject(records)
        assert len(by_subject) == 6
        for versions in by_subject.values():
            assert list(dict.fromkeys(versions)) == [1, 2, 3, 4]
    finally:
        stop.set()
        if task is not None:
            await asyncio.wait_for(task, 20)
        kafka.stop()
        bucket.stop()
