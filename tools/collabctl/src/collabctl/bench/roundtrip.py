"""The latency floor: raw aiokafka produce -> consume at the same steady rate."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from collab_events import KafkaRecord
from servicekit.kafka_admin import ensure_topics

from collabctl.bench.ceilings import raw_consumer, raw_producer
from collabctl.bench.report import Figure, latency_figures
from collabctl.bench.workload import PARTITIONS, BenchContext, now, paced

ROUND_TRIP = "raw kafka round-trip"


async def kafka_round_trip(
    ctx: BenchContext, *, rate: float, seconds: float, record: KafkaRecord
) -> list[Figure]:
    """Send one envelope-sized record every 1/rate s (acks=all); time send -> consumed."""
    topic = f"{ctx.prefix('ceiling')}latency.v1"
    await ensure_topics(ctx.kafka, [topic], partitions=PARTITIONS)
    producer, consumer = raw_producer(ctx.kafka), raw_consumer(ctx.kafka, topic)
    await producer.start()
    await consumer.start()
    try:
        probe = _Probe(producer, consumer, topic, record.value)
        latencies = await probe.run(rate, max(int(rate * seconds), 1))
    finally:
        await consumer.stop()
        await producer.stop()
    note = f"send (acks=all) -> consumed, {len(latencies)} records at {rate:g}/s, client defaults"
    return latency_figures(ROUND_TRIP, latencies, note=note)


class _Probe:
    """Stamps each record's key with its send time; the consumer side looks it up."""

    def __init__(
        self, producer: AIOKafkaProducer, consumer: AIOKafkaConsumer, topic: str, value: bytes
    ) -> None:
        self.producer, self.consumer, self.topic, self.value = producer, consumer, topic, value
        self.sent: dict[bytes, float] = {}
        self.latencies: list[float] = []
        self._sends: list[asyncio.Task[None]] = []

    async def run(self, rate: float, count: int) -> list[float]:
        """Warm up with one record, then measure ``count`` records sent at ``rate``."""
        receiver = asyncio.create_task(self._receive())
        try:
            self._fire(-1)  # positions the consumer and warms the connections
            await self._until_received(1)
            self.latencies.clear()
            await paced(rate, count, self._fire)
            await asyncio.gather(*self._sends)
            await self._until_received(count)
        finally:
            receiver.cancel()
        return self.latencies

    def _fire(self, i: int) -> None:
        key = str(i).encode()
        self.sent[key] = now()
        self._sends.append(asyncio.create_task(self._send(key)))

    async def _send(self, key: bytes) -> None:
        delivered = await self.producer.send(self.topic, value=self.value, key=key)
        await delivered

    async def _receive(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=100)
            arrived = now()
            for part in batch.values():
                self.latencies.extend(arrived - self.sent[msg.key] for msg in part)

    async def _until_received(self, count: int, timeout_s: float = 30.0) -> None:
        deadline = now() + timeout_s
        while len(self.latencies) < count:
            if now() > deadline:
                raise RuntimeError(f"round-trip probe: {len(self.latencies)} of {count} arrived")
            await asyncio.sleep(0.01)
