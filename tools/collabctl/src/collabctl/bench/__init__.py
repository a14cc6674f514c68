"""``collabctl bench ...``: benchmarks that print figures (they never assert timings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collabctl.bench.core import CoreOptions, bench_core
from collabctl.bench.kafka_read import KafkaReadOptions, bench_kafka_read
from collabctl.bench.report import render_table
from collabctl.bench.stores import Store

app = typer.Typer(help="Benchmarks of the platform's building blocks.", no_args_is_help=True)


@app.command("core")
def core_command(  # not ``core``: that name is the module collabctl.bench.core
    events: Annotated[int, typer.Option(min=1, help="Events for the throughput phases.")] = 20_000,
    streams: Annotated[int, typer.Option(min=1, help="Distinct streams they go to.")] = 1_000,
    rate: Annotated[float, typer.Option(min=1, help="Latency-phase load, ev/s.")] = 500.0,
    duration: Annotated[float, typer.Option(min=0.1, help="Seconds of steady load.")] = 10.0,
    kafka: Annotated[
        str | None, typer.Option(help="Existing Kafka bootstrap [default: embedded Tansu].")
    ] = None,
    mongo: Annotated[
        str | None, typer.Option(help="Existing MongoDB URL [default: embedded SecantusDB].")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")
    ] = None,
) -> None:
    """Append, relay, projection throughput and end-to-end latency vs raw-client ceilings."""
    options = CoreOptions(events=events, streams=streams, rate=rate, duration=duration)
    report = bench_core(options, kafka=kafka, mongo=mongo)
    typer.echo(render_table(report))
    if json_path is not None:
        report.write_json(json_path)
        typer.echo(f"figures written to {json_path}")


@app.command("kafka-read")
def kafka_read_command(
    sizes: Annotated[str, typer.Option(help="Topic sizes to measure at, events.")] = (
        "1000,10000,100000"
    ),
    streams: Annotated[int, typer.Option(min=1, help="Distinct record keys.")] = 1_000,
    samples: Annotated[int, typer.Option(min=1, help="Tail-latency records per size.")] = 20,
    read_timeout: Annotated[float, typer.Option(min=1, help="Longest group read, s.")] = 300.0,
    batch_bytes: Annotated[
        int, typer.Option(min=1024, help="Producer batch limit per partition (relay: 16384).")
    ] = 16_384,
    store: Annotated[Store, typer.Option(help="Store of the Tansu started for the run.")] = (
        Store.SEAWEEDFS
    ),
    kafka: Annotated[
        str | None, typer.Option(help="Use this running Kafka instead of starting one.")
    ] = None,
    stack: Annotated[
        bool, typer.Option("--stack", help="Use the Kafka of the running `collabctl up` stack.")
    ] = False,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")
    ] = None,
) -> None:
    """Produce, fresh-group read and tail latency of one topic as it grows to each size."""
    try:
        parsed = tuple(int(size.replace("_", "")) for size in sizes.split(","))
    except ValueError as exc:
        raise typer.BadParameter(f"--sizes wants comma-separated integers, not {sizes!r}") from exc
    options = KafkaReadOptions(
        parsed, streams, samples, read_timeout=read_timeout, batch_bytes=batch_bytes
    )
    report = bench_kafka_read(options, kafka=kafka, stack=stack, store=store)
    typer.echo(render_table(report))
    if json_path is not None:
        report.write_json(json_path)
        typer.echo(f"figures written to {json_path}")
