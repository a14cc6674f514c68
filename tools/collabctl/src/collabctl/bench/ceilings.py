"""Phase 1, the ceilings: raw aiokafka and pymongo rates against the same servers."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from collab_events import KafkaRecord, new_envelope
from pymongo import AsyncMongoClient, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.eventstore import EventStore
from servicekit.kafka_admin import ensure_topics
from servicekit.projection import ReadModels
from servicekit.testing.sample import tally_projection

from collabctl.bench.report import Figure
from collabctl.bench.workload import PARTITIONS, BenchContext, Doc, Planned, now, per_second

BATCH = 500  # the relay's and the projector's default batch size
KAFKA_PRODUCE = "raw kafka produce"
KAFKA_CONSUME = "raw kafka consume"
MONGO_INSERT = "raw mongo insert_many"
MONGO_UPSERT = "raw mongo bulk upsert"
GUARD = "{_id, _v: {$lt}}"
UPSERT_NOTE = f"UpdateOne upserts, filter {GUARD}, batches of {BATCH}, read-model indexes"


def raw_producer(bootstrap: str) -> AIOKafkaProducer:
    """A producer configured as the relay's (acks=all, no idempotence on Tansu)."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=False, request_timeout_ms=10_000
    )


def raw_consumer(bootstrap: str, topic: str) -> AIOKafkaConsumer:
    """A group-less consumer reading ``topic`` from the start."""
    return AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )


async def kafka_ceilings(ctx: BenchContext, workload: Sequence[KafkaRecord]) -> list[Figure]:
    """Produce the workload in batches of 500 with acks=all, then consume it back."""
    topic = f"{ctx.prefix('ceiling')}raw.v1"
    await ensure_topics(ctx.kafka, [topic], partitions=PARTITIONS)
    produced = await _produce(ctx.kafka, topic, workload)
    consumed = await _consume(ctx.kafka, topic, len(workload))
    note = f"{len(workload)} records of ~{len(workload[0].value)} B, {PARTITIONS} partitions"
    return [
        Figure(KAFKA_PRODUCE, produced, "msg/s", note=f"{note}, acks=all, batches of {BATCH}"),
        Figure(KAFKA_CONSUME, consumed, "msg/s", note="one consumer, no group"),
    ]


async def _produce(bootstrap: str, topic: str, workload: Sequence[KafkaRecord]) -> float:
    producer = raw_producer(bootstrap)
    await producer.start()
    try:
        start = now()
        for i in range(0, len(workload), BATCH):
            sent = [
                await producer.send(topic, value=r.value, key=r.key, headers=r.headers)
                for r in workload[i : i + BATCH]
            ]
            await asyncio.gather(*sent)
        return per_second(len(workload), now() - start)
    finally:
        await producer.stop()


async def _consume(bootstrap: str, topic: str, expected: int) -> float:
    consumer = raw_consumer(bootstrap, topic)
    await consumer.start()
    try:
        start, seen = now(), 0
        while seen < expected:
            if now() - start > 120:
                raise RuntimeError(f"consumed only {seen} of {expected} records")
            batch = await consumer.getmany(timeout_ms=500)
            seen += sum(len(part) for part in batch.values())
        return per_second(seen, now() - start)
    finally:
        await consumer.stop()


async def mongo_ceilings(ctx: BenchContext, planned: Sequence[Planned]) -> list[Figure]:
    """insert_many of event documents into an indexed ``events``; bulk upserts of tallies."""
    client: AsyncMongoClient[Doc] = AsyncMongoClient(ctx.mongo, tz_aware=True)
    try:
        db = client[ctx.database("ceiling")]
        await EventStore(db).setup()  # the same three indexes as the event store
        inserted = await _insert(db["events"], _event_docs(planned))
        for setup in tally_projection().setups:  # the same indexes as the projected read model
            await setup(ReadModels(db))
        upserted = await _upsert(db["tallies"], planned)
    finally:
        await client.close()
    return [
        Figure(MONGO_INSERT, inserted, "docs/s", note=f"batches of {BATCH}, event-store indexes"),
        Figure(MONGO_UPSERT, upserted, "docs/s", note=UPSERT_NOTE),
    ]


def _event_docs(planned: Sequence[Planned]) -> list[Doc]:
    docs = []
    for position, p in enumerate(planned, start=1):
        doc = new_envelope(p.event(), subject=p.subject, streamversion=p.version).model_dump()
        doc.update(_id=doc.pop("id"), position=position)
        docs.append(doc)
    return docs


async def _insert(collection: AsyncCollection[Doc], docs: list[Doc]) -> float:
    start = now()
    for i in range(0, len(docs), BATCH):
        await collection.insert_many(docs[i : i + BATCH], ordered=True)
    return per_second(len(docs), now() - start)


async def _upsert(collection: AsyncCollection[Doc], planned: Sequence[Planned]) -> float:
    ops = [
        UpdateOne(
            {"_id": p.subject, "_v": {"$lt": p.version}},
            {"$set": {"label": p.subject, "_v": p.version}, "$inc": {"total": 1}},
            upsert=True,
        )
        for p in planned
    ]
    start = now()
    for i in range(0, len(ops), BATCH):
        await collection.bulk_write(ops[i : i + BATCH], ordered=True)
    return per_second(len(ops), now() - start)
