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
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import typer
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from servicekit.kafka_admin import ensure_topics

from collabctl.bench.ceilings import BATCH, raw_producer
from collabctl.bench.growth import (
    FETCH_MAX_WAIT_MS,
    PROBE_TIMEOUT_S,
    GroupRead,
    TailProbe,
    Topic,
    fill,
    group_read,
    tail_latency,
)
from collabctl.bench.report import Figure, Report, percentile
from collabctl.bench.stores import Store, tansu_on
from collabctl.bench.workload import PARTITIONS, per_second
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
    producer = raw_producer(kafka)
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
    label = _label(read.expected)
    figures = [
        Figure(f"produce @{label}", per_second(added, produce_s), "ev/s", note=_fill_note(added)),
        Figure(f"group join @{label}", read.join_s, "s"),
        Figure(f"group read @{label}", _rate(read), "ev/s", note=_read_note(read)),
        *_latencies(f"tail ack @{label}", tail.acks),
        *_latencies(f"tail e2e @{label}", tail.e2e, _tail_note(tail)),
    ]
    first = _first_label(report)
    report.add(*(_against(report, f, label, first) for f in figures))


def _against(report: Report, figure: Figure, label: str, first: str | None) -> Figure:
    """The figure with the same figure at the first size as its reference."""
    if first is None:
        return figure
    reference = report.ceiling(figure.name.replace(f"@{label}", f"@{first}"))
    return Figure(figure.name, figure.value, figure.unit, reference, figure.note)


def _first_label(report: Report) -> str | None:
    for figure in report.figures:
        if figure.name.startswith("group read @"):
            return figure.name.removeprefix("group read @")
    return None


def _latencies(name: str, seconds: Sequence[float], note: str = "") -> list[Figure]:
    ordered = sorted(seconds)
    return [
        Figure(f"{name} {pct}", percentile(ordered, value) * 1000, "ms", note=note * (pct == "p50"))
        for pct, value in (("p50", 50.0), ("p95", 95.0))
    ]


def _tail_note(tail: TailProbe) -> str:
    note = (
        f"{len(tail.e2e)} single records, send -> consumed (fetch max wait {FETCH_MAX_WAIT_MS} ms)"
    )
    if tail.timed_out:
        note += f"; TIMED OUT: the last one took over {PROBE_TIMEOUT_S:.0f} s"
    return note


def _rate(read: GroupRead) -> float:
    return per_second(read.count, read.read_s)


def _fill_note(added: int) -> str:
    return f"{added} more events in batches of {BATCH}, acks=all (as the relay)"


def _read_note(read: GroupRead) -> str:
    note = f"fresh group, batches of {BATCH}, commit after each; join {read.join_s:.2f} s"
    if read.count < read.expected:
        note += f"; TIMED OUT: read {read.count} of {read.expected}"
    return note


def _label(size: int) -> str:
    """1000 -> '1k', 100000 -> '100k', 1500 -> '1500'."""
    return f"{size // 1000}k" if size % 1000 == 0 and size >= 1000 else str(size)


async def _delete_topic(kafka: str, name: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    with contextlib.suppress(Exception):  # cleanup must not hide the error that ended the run
        await admin.start()
        try:
            await asyncio.wait_for(admin.delete_topics([name]), 60)
        finally:
            await admin.close()
