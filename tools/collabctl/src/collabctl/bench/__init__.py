"""``collabctl bench ...``: benchmarks that print figures (they never assert timings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collabctl.bench.core import CoreOptions, bench_core
from collabctl.bench.report import render_table

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
