"""``collabctl bench core``: the pipeline's throughput and latency against raw-client ceilings.

One run, one pair of servers, in this order (each phase in fresh databases/topics):
ceilings (raw aiokafka and pymongo) -> append -> relay -> projection -> end-to-end latency.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass

from collabctl.bench.ceilings import kafka_ceilings, mongo_ceilings
from collabctl.bench.latency import e2e_latency
from collabctl.bench.pipeline import append_and_relay
from collabctl.bench.projection import projection_throughput
from collabctl.bench.report import Report
from collabctl.bench.roundtrip import kafka_round_trip
from collabctl.bench.servers import servers
from collabctl.bench.workload import BenchContext, plan, records

ROUND_TRIP_MAX_S = 3.0  # the raw latency floor needs no more samples than this gives


@dataclass(frozen=True, slots=True)
class CoreOptions:
    """Sizes of one run."""

    events: int = 20_000
    streams: int = 1_000
    rate: float = 500.0
    duration: float = 10.0


def bench_core(options: CoreOptions, *, kafka: str | None, mongo: str | None) -> Report:
    """Run the benchmark on the given servers, or on embedded ones started for the run."""
    with servers(kafka, mongo) as (bootstrap, mongo_url):
        return asyncio.run(run_core(options, kafka=bootstrap, mongo=mongo_url))


async def run_core(options: CoreOptions, *, kafka: str, mongo: str) -> Report:
    """Every phase against running servers; the run's databases and topics are removed after."""
    ctx = BenchContext(kafka=kafka, mongo=mongo)
    report = Report(setup={**asdict(options), "kafka": kafka, "mongo": mongo})
    try:
        await _phases(ctx, report, options)
    finally:
        await ctx.cleanup()
    return report


async def _phases(ctx: BenchContext, report: Report, options: CoreOptions) -> None:
    planned = plan(options.events, options.streams)
    workload = records(planned)
    report.add(*await kafka_ceilings(ctx, workload))
    report.add(*await mongo_ceilings(ctx, planned))
    floor_s = min(options.duration, ROUND_TRIP_MAX_S)
    report.add(
        *await kafka_round_trip(ctx, rate=options.rate, seconds=floor_s, record=workload[-1])
    )
    prefix = await append_and_relay(ctx, report, planned)
    report.add(await projection_throughput(ctx, report, prefix, len(planned)))
    await e2e_latency(
        ctx, report, rate=options.rate, seconds=options.duration, streams=options.streams
    )
