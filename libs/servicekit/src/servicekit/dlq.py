"""Inspect and retry dead letters of a service's projections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from collab_events import REGISTRY, EventRegistry, decode_record, dlq_topic_for

from servicekit.deadletters import ERROR_HEADER, ORIGIN_HEADER, PROJECTION_HEADER, DeadLetters
from servicekit.projection import Projection, ReadModels
from servicekit.projector import Projector
from servicekit.settings import ServiceSettings


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One dead-lettered record, as an operator sees it."""

    partition: int
    offset: int
    projection: str
    error: str
    origin: str
    type: str
    subject: str


def describe(record: Any) -> DeadLetter:
    """Summarise a DLQ record (tolerates records that are not envelopes)."""
    headers = {k: bytes(v).decode(errors="replace") for k, v in record.headers or ()}
    try:
        envelope = decode_record(record.value or b"")
        type_, subject = envelope.type, envelope.subject
    except ValueError:
        type_, subject = "(undecodable)", (record.key or b"").decode(errors="replace")
    return DeadLetter(
        record.partition,
        record.offset,
        headers.get(PROJECTION_HEADER, "?"),
        headers.get(ERROR_HEADER, "?"),
        headers.get(ORIGIN_HEADER, "?"),
        type_,
        subject,
    )


class DeadLetterReader:
    """Reads a DLQ up to the end seen on entry; ``commit`` marks exactly that much read."""

    def __init__(self, settings: ServiceSettings, group: str | None = None) -> None:
        self.topic = dlq_topic_for(settings.service_name, settings.topic_prefix)
        self.group = group
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=group,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        self.ends: dict[TopicPartition, int] = {}

    async def __aenter__(self) -> DeadLetterReader:
        await self.consumer.start()
        await self.consumer.topics()  # refresh metadata
        partitions = [
            TopicPartition(self.topic, p)
            for p in sorted(self.consumer.partitions_for_topic(self.topic) or ())
        ]
        self.consumer.assign(partitions)
        for tp in partitions:
            committed = await self.consumer.committed(tp) if self.group else None
            if committed is None:
                await self.consumer.seek_to_beginning(tp)
            else:
                self.consumer.seek(tp, committed)
        self.ends = await self.consumer.end_offsets(partitions)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()

    async def records(self) -> list[Any]:
        """Every record from the group's offset (or the start) up to the entry end."""
        out: list[Any] = []
        while await self._behind():
            for tp, batch in (await self.consumer.getmany(timeout_ms=500)).items():
                out += [r for r in batch if r.offset < self.ends[tp]]
        return out

    async def _behind(self) -> bool:
        for tp, end in self.ends.items():
            if await self.consumer.position(tp) < end:
                return True
        return False

    async def commit(self) -> None:
        """Record that everything up to the entry end has been handled."""
        if self.ends:
            await self.consumer.commit(dict(self.ends))


async def read_dead_letters(settings: ServiceSettings) -> list[DeadLetter]:
    """Every dead letter currently in the service's DLQ."""
    async with DeadLetterReader(settings) as reader:
        return [describe(r) for r in await reader.records()]


async def retry_dead_letters(
    settings: ServiceSettings,
    projections: Sequence[Projection],
    models: ReadModels,
    *,
    registry: EventRegistry = REGISTRY,
) -> list[DeadLetter]:
    """Re-run every dead letter not retried before; one that fails again is re-queued."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all")
    await producer.start()

    async def publish(
        topic: str, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    dead = DeadLetters(dlq_topic_for(settings.service_name, settings.topic_prefix), publish)
    projectors = {
        p.name: Projector(
            p,
            models=models,
            dead_letters=dead,
            registry=registry,
            retries=settings.projection_retries,
        )
        for p in projections
    }
    group = f"{settings.topic_prefix}{settings.service_name}.dlq-retry"
    try:
        async with DeadLetterReader(settings, group) as reader:
            records = await reader.records()
            for record in records:
                projector = projectors.get(describe(record).projection)
                if projector is not None:
                    await projector.reapply(record)
            await reader.commit()
        return [describe(r) for r in records]
    finally:
        await producer.stop()
