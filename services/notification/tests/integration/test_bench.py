"""The benchmark runs end to end at a small size (its figures are printed, never asserted);
the suite never runs it at the sizes of the issue (100,000 employees: run the script)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from aiokafka import AIOKafkaProducer
from servicekit.testing.service import RunningService

OPTIONS = {"mail_enabled": False}
SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "notification_bench.py"
SMALL = 300  # employees: enough for every figure, seconds on a loaded machine


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notification_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


async def test_benchmark_prints_every_figure(
    service: RunningService,
    kafka_bootstrap: str,
    jwt_keys: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await _bench().measure(
            service, producer, jwt_keys[0], employees=SMALL, rps=50, seconds=1.0, mentions=3
        )
    finally:
        await producer.stop()
    out = capsys.readouterr().out
    assert f"must-read to {SMALL} employees: {SMALL} notifications written" in out
    assert "GET unread-count at 50 rps" in out and "p99" in out
    assert "mention -> visible in the centre, 3 mentions" in out
    assert f"digest run for {SMALL} people: {SMALL} digests composed" in out
