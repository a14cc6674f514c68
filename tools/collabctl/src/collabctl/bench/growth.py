"""What ``collabctl bench kafka-read`` measures on one topic as it grows.

Fill it the way the relay publishes, read all of it under a fresh consumer group the way
a projection does (batches of 500, offsets committed after each), and time single
records from send to consumed at the tail.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition

from collabctl.bench.ceilings import BATCH
from collabctl.bench.workload import Planned, now, records

SESSION_TIMEOUT_MS, HEARTBEAT_MS = 2000, 500  # development values (ARCHITECTURE.md §8)
FETCH_MAX_WAIT_MS = 100  # the services' COLLAB_KAFKA_FETCH_MAX_WAIT_MS default
PROBE_TIMEOUT_S = 30.0  # a tail record slower than this ends the probe at that size


@dataclass
class Topic:
    """The benchmark topic and what was produced to it so far."""

    name: str
    streams: int
    ends: dict[int, int] = field(default_factory=dict)  # partition -> next offset

    @property
    def size(self) -> int:
        """Records in the topic (every one acknowledged)."""
        return sum(self.ends.values())


@dataclass(frozen=True, slots=True)
class GroupRead:
    """A fresh group's read of the whole topic."""

    join_s: float  # consumer start -> partitions assigned
    read_s: float  # partitions assigned -> last record
    count: int
    expected: int


async def fill(producer: AIOKafkaProducer, topic: Topic, count: int) -> float:
    """Produce ``count`` more envelopes as the relay does (batches of 500, acks=all); seconds."""
    elapsed, start = 0.0, topic.size
    for first in range(start, start + count, BATCH):
        last = min(first + BATCH, start + count)
        batch = records(
            [Planned(i % topic.streams, i // topic.streams + 1) for i in range(first, last)]
        )
        began = now()
        sent = [await producer.send(topic.name, r.value, r.key, headers=r.headers) for r in batch]
        _record(topic, await asyncio.gather(*sent))
        elapsed += now() - began
    return elapsed


async def group_read(bootstrap: str, topic: Topic, timeout_s: float) -> GroupRead:
    """Read every record under a new consumer group, committing after each batch."""
    listener = _Assigned()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=f"bench.kafka-read.{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=SESSION_TIMEOUT_MS,
        heartbeat_interval_ms=HEARTBEAT_MS,
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    started = now()
    await consumer.start()
    try:
        consumer.subscribe([topic.name], listener=listener)
        count, last = await _drain(consumer, topic.size, started + timeout_s)
    finally:
        await consumer.stop()
    assigned = listener.at or last
    return GroupRead(assigned - started, max(last - assigned, 1e-9), count, topic.size)


async def _drain(consumer: AIOKafkaConsumer, expected: int, deadline: float) -> tuple[int, float]:
    """(records read, time of the last one) once all arrived or the deadline passed."""
    seen: set[tuple[int, int]] = set()  # (partition, offset): a redelivery is not progress
    last = now()
    while len(seen) < expected and now() < deadline:
        batch = await consumer.getmany(timeout_ms=500, max_records=BATCH)
        if batch:
            seen.update((r.partition, r.offset) for part in batch.values() for r in part)
            await consumer.commit()
            last = now()
    return len(seen), last


@dataclass(frozen=True, slots=True)
class TailProbe:
    """Latencies of single records at the tail; ``timed_out`` when one never arrived."""

    acks: list[float]
    e2e: list[float]
    timed_out: bool


async def tail_latency(
    bootstrap: str, producer: AIOKafkaProducer, topic: Topic, samples: int, rate: float
) -> TailProbe:
    """Send ``samples`` records at ``rate``/s one by one; time each to acked and to consumed."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=FETCH_MAX_WAIT_MS
    )
    await consumer.start()
    try:
        # Seek to the known ends: Tansu's ListOffsets(latest) is not exact on s3:// storage.
        tps = [TopicPartition(topic.name, p) for p in sorted(topic.ends)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, topic.ends[tp.partition])
        return await _probe(consumer, producer, topic, samples, 1 / rate)
    finally:
        await consumer.stop()


async def _probe(
    consumer: AIOKafkaConsumer, producer: AIOKafkaProducer, topic: Topic, n: int, gap: float
) -> TailProbe:
    probe = TailProbe([], [], timed_out=False)
    value = records([_planned(topic, 0)])[0].value
    for i in range(n):
        key, began = f"probe-{i}".encode(), now()
        delivered = await (await producer.send(topic.name, value, key))
        probe.acks.append(now() - began)
        _record(topic, [delivered])
        arrived = await _until_consumed(consumer, key, began + PROBE_TIMEOUT_S)
        probe.e2e.append(now() - began)  # at a time-out: a lower bound
        if not arrived:
            return TailProbe(probe.acks, probe.e2e, timed_out=True)
        await asyncio.sleep(max(began + gap - now(), 0))
    return probe


async def _until_consumed(consumer: AIOKafkaConsumer, key: bytes, deadline: float) -> bool:
    while now() < deadline:
        batch = await consumer.getmany(timeout_ms=100)
        if any(r.key == key for part in batch.values() for r in part):
            return True
    return False


def _planned(topic: Topic, i: int) -> Planned:
    """The i-th event of the workload: streams round-robin, versions in order."""
    return Planned(i % topic.streams, i // topic.streams + 1)


def _record(topic: Topic, delivered: Sequence[object]) -> None:
    """Advance the known partition ends by the acknowledged offsets."""
    for meta in delivered:
        partition, offset = meta.partition, meta.offset  # type: ignore[attr-defined]
        topic.ends[partition] = max(topic.ends.get(partition, 0), offset + 1)


class _Assigned(ConsumerRebalanceListener):  # type: ignore[misc]
    """Notes when the group first assigned partitions to the consumer."""

    def __init__(self) -> None:
        self.at: float | None = None

    async def on_partitions_revoked(self, revoked: object) -> None:
        """Nothing to do: offsets are committed after every batch."""

    async def on_partitions_assigned(self, assigned: object) -> None:
        """Remember the first assignment."""
        if self.at is None:
            self.at = now()
