"""``collabctl bench core`` with tiny sizes: every phase runs and yields a figure."""

from __future__ import annotations

import math

import pytest
from collabctl.bench.core import CoreOptions, run_core
from collabctl.bench.report import render_table

PIPELINE = (
    "append throughput",
    "relay publish throughput",
    "projection throughput",
    "e2e latency p50",
    "e2e latency p95",
    "e2e latency p99",
    "e2e latency max",
    "steady append rate",
    "e2e latency samples",
)


@pytest.mark.integration
@pytest.mark.timeout(40)
async def test_tiny_run_measures_every_figure(kafka_bootstrap: str, mongo_url: str) -> None:
    options = CoreOptions(events=200, streams=50, rate=100, duration=2)
    report = await run_core(options, kafka=kafka_bootstrap, mongo=mongo_url)
    by_name = {f.name: f for f in report.figures}
    assert set(PIPELINE) <= by_name.keys()
    for figure in report.figures:
        assert figure.value > 0 and math.isfinite(figure.value), figure
    for name in PIPELINE:
        ratio = by_name[name].ratio
        assert ratio is not None and ratio > 0, name
    samples = by_name["e2e latency samples"]
    assert samples.ceiling is not None and samples.value == samples.ceiling.value  # none lost
    assert "append throughput" in render_table(report)
