"""Phases 2 and 3: append throughput, then relay publish throughput of what was appended."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from servicekit.eventstore import EventStore
from servicekit.lease import Lease
from servicekit.relay import OutboxRelay
from servicekit.service import ServiceRuntime
from servicekit.settings import ServiceSettings
from servicekit.testing.sample_api import sample_definition

from collabctl.bench.ceilings import KAFKA_PRODUCE, MONGO_INSERT
from collabctl.bench.report import Figure, Report
from collabctl.bench.workload import BenchContext, Planned, now, per_second

APPENDERS = 16


async def append_and_relay(ctx: BenchContext, report: Report, planned: Sequence[Planned]) -> str:
    """Fill a fresh event store, then drain it to a fresh topic; returns the topic prefix."""
    settings = ctx.settings("pipeline")
    runtime = ServiceRuntime(settings, sample_definition())  # for its store and topics only
    try:
        await runtime.store.setup()
        await runtime.ensure_topics()
        report.add(await append_throughput(runtime.store, planned, report))
        report.add(await relay_throughput(runtime, settings, len(planned), report))
    finally:
        await runtime.stop()
    return settings.topic_prefix


async def append_throughput(
    store: EventStore, planned: Sequence[Planned], report: Report
) -> Figure:
    """16 concurrent appenders, each owning a share of the streams, one event per command."""
    lanes = [[p for p in planned if p.stream % APPENDERS == k] for k in range(APPENDERS)]
    start = now()
    await asyncio.gather(*(_append_lane(store, lane) for lane in lanes))
    rate = per_second(len(planned), now() - start)
    note = f"{APPENDERS} concurrent appenders, EventStore.append of 1 event per command"
    return Figure("append throughput", rate, "ev/s", report.ceiling(MONGO_INSERT), note)


async def _append_lane(store: EventStore, lane: Sequence[Planned]) -> None:
    for p in lane:
        await store.append(p.subject, [p.event()], expected_version=p.version - 1)


async def relay_throughput(
    runtime: ServiceRuntime, settings: ServiceSettings, pending: int, report: Report
) -> Figure:
    """Time ``publish_pending()`` draining every unpublished event of the store."""
    producers: list[AIOKafkaProducer] = []
    relay = _relay(runtime, settings, producers)
    if not await relay.lease.acquire():
        raise RuntimeError("the bench relay could not take its lease")
    try:
        start = now()
        published = await relay.publish_pending()
        rate = per_second(published, now() - start)
    finally:
        for producer in producers:
            await producer.stop()
        await relay.lease.release()
    if published != pending:
        raise RuntimeError(f"relay published {published} events, expected {pending}")
    note = f"publish_pending(), batches of {settings.relay_batch_size}, incl. marking published"
    return Figure("relay publish throughput", rate, "ev/s", report.ceiling(KAFKA_PRODUCE), note)


def _relay(
    runtime: ServiceRuntime, settings: ServiceSettings, producers: list[AIOKafkaProducer]
) -> OutboxRelay:
    """The service's relay, with producers we can stop (publish_pending leaves them open)."""
    return OutboxRelay(
        store=runtime.store,
        topic=runtime.topic,
        lease=Lease(runtime.db, "relay", f"bench:{os.getpid()}", settings.relay_lease_ttl_s),
        producer_factory=lambda: _tracked(producers, _relay_producer(settings)),
        batch_size=settings.relay_batch_size,
    )


def _relay_producer(settings: ServiceSettings) -> AIOKafkaProducer:
    """Configured as ServiceRuntime.new_relay() configures the relay's producer."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap,
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        request_timeout_ms=10_000,
    )


def _tracked(producers: list[AIOKafkaProducer], producer: AIOKafkaProducer) -> AIOKafkaProducer:
    producers.append(producer)
    return producer
