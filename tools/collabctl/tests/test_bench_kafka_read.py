"""``collabctl bench kafka-read`` with tiny sizes: every size yields every figure."""

from __future__ import annotations

import math

import pytest
from collabctl.bench.kafka_read import KafkaReadOptions, run_kafka_read
from collabctl.bench.report import render_table
from collabctl.bench.stores import Store, tansu_on

FIGURES = (
    "produce",
    "group join",
    "group read",
    "tail ack @{} p50",
    "tail ack @{} p95",
    "tail e2e @{} p50",
    "tail e2e @{} p95",
)


def _names(label: str) -> set[str]:
    return {f.format(label) if "{}" in f else f"{f} @{label}" for f in FIGURES}


@pytest.mark.integration
@pytest.mark.timeout(60)
async def test_tiny_run_measures_every_size(kafka_bootstrap: str) -> None:
    options = KafkaReadOptions(sizes=(60, 150), streams=10, samples=3, rate=50, read_timeout=20)
    report = await run_kafka_read(options, kafka=kafka_bootstrap)
    by_name = {f.name: f for f in report.figures}
    assert set(by_name) == _names("60") | _names("150")
    for figure in report.figures:
        assert figure.value > 0 and math.isfinite(figure.value), figure
        assert "TIMED OUT" not in figure.note, figure
    for name in _names("150"):  # each compared with the same figure at the first size
        reference = by_name[name].ceiling
        assert reference is not None and reference.name == name.replace("@150", "@60")
    assert "group read @150" in render_table(report)


@pytest.mark.integration
@pytest.mark.timeout(90)
async def test_a_tansu_on_the_stacks_store_serves_a_run() -> None:
    options = KafkaReadOptions(sizes=(40,), streams=5, samples=2, rate=50, read_timeout=20)
    with tansu_on(Store.SEAWEEDFS) as bootstrap:
        report = await run_kafka_read(options, kafka=bootstrap, store="seaweedfs")
    assert report.setup["store"] == "seaweedfs"
    assert {f.name for f in report.figures} == _names("40")
