"""``collabctl bench kafka-read``: does reading Kafka stay fast as the topic grows?

One topic is filled step by step to each size (1k, 10k, 100k events by default). At
every size: the produce rate of that step, a fresh consumer group reading the whole
topic (join time and read rate), and send -> acknowledged / send -> consumed latency of
single records at the tail. Each figure is compared with the same figure at the first
size, so the ratio column shows how much it degraded as the data grew.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import asdict, dataclass

import typer
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from servicekit.kafka_admin import ensure_topics

from collabctl.bench.growth import Topic, fill, group_read, tail_latency
from collabctl.bench.growth_figures import (
    Produced,
    against_first_size,
    size_label,
    step_figures,
)
from collabctl.bench.report import Report
from collabctl.bench.stores import Store, tansu_on
from collabctl.bench.workload import PARTITIONS
from collabctl.paths import stack_paths_or_exit
from collabctl.runstate import live_processes, load_state


@dataclass(frozen=True, slots=True)
class KafkaReadOptions:
    """Sizes of one run."""

    sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    streams: int = 1_000
    samples: int = 20  # tail-latency records per size
    rate: float = 20.0  # of those, per second
    read_timeout: float = 300.0  # per group read; a slower read reports what it got
    # Producer batch limit per partition; Tansu stores one object per batch. 16 KiB is
    # aiokafka's default, which the relay uses.
    batch_bytes: int = 16_384


def bench_kafka_read(
    options: KafkaReadOptions, *, kafka: str | None, stack: bool, store: Store
) -> Report:
    """Run against ``kafka``, the running stack's Kafka, or a Tansu on ``store`` started for it."""
    if stack:
        kafka = stack_kafka()
    if kafka is not None:
        return asyncio.run(run_kafka_read(options, kafka=kafka))
    with tansu_on(store) as bootstrap:
        return asyncio.run(run_kafka_read(options, kafka=bootstrap, store=store.value))


def stack_kafka() -> str:
    """The bootstrap address of the running ``collabctl up`` stack; exits when it is down."""
    paths = stack_paths_or_exit()
    if "kafka" not in live_processes(paths.local):
        typer.echo("the stack's Kafka is not running: `collabctl up` first", err=True)
        raise typer.Exit(2)
    return load_state(paths.run)["kafka"][1]


async def run_kafka_read(options: KafkaReadOptions, *, kafka: str, store: str = "") -> Report:
    """Every size against a running broker; the benchmark topic is deleted afterwards."""
    topic = Topic(f"bench.kafka-read.{uuid.uuid4().hex[:8]}.v1", options.streams)
    topic.ends = dict.fromkeys(range(PARTITIONS), 0)
    report = Report(setup={**asdict(options), "kafka": kafka, "store": store or "given"})
    await ensure_topics(kafka, [topic.name], partitions=PARTITIONS)
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka,
        acks="all",  # as the relay
        enable_idempotence=False,
        request_timeout_ms=10_000,
        max_batch_size=options.batch_bytes,
    )
    await producer.start()
    try:
        for size in sorted(set(options.sizes)):
            await _step(report, options, kafka, producer, topic, size)
    finally:
        await producer.stop()
        await _delete_topic(kafka, topic.name)
    return report


async def _step(
    report: Report,
    options: KafkaReadOptions,
    kafka: str,
    producer: AIOKafkaProducer,
    topic: Topic,
    size: int,
) -> None:
    """Grow the topic to ``size``, then read it all and probe its tail."""
    added = max(size - topic.size, 0)
    produce_s = await fill(producer, topic, added)
    read = await group_read(kafka, topic, options.read_timeout)
    tail = await tail_latency(kafka, producer, topic, options.samples, options.rate)
    label = size_label(read.expected)
    figures = step_figures(label, Produced(added, produce_s, options.batch_bytes), read, tail)
    report.add(*against_first_size(report, figures, label))


async def _delete_topic(kafka: str, name: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    with contextlib.suppress(Exception):  # cleanup must not hide the error that ended the run
        await admin.start()
        try:
            await asyncio.wait_for(admin.delete_topics([name]), 60)
        finally:
            await admin.close()
