"""Readiness tells the truth: a stalled or far-behind projection makes a service not ready."""

from __future__ import annotations

import asyncio
import time

import pytest
from servicekit.lag import LagMonitor
from servicekit.projection import Projection
from servicekit.settings import ServiceSettings
from servicekit.testing.sample import TallyIncremented
from servicekit.testing.sample_api import TALLIES, sample_definition
from servicekit.testing.service import running_service


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def monitor(clock: Clock, **settings: object) -> LagMonitor:
    values = {"projection_stall_after_s": 30.0, "projection_max_lag": 100, **settings}
    projections = [Projection("a", ("x",), ()), Projection("b", ("x",), ())]
    lag = LagMonitor(ServiceSettings.model_validate(values), projections, clock=clock)
    lag.active = True
    return lag


def test_waiting_events_without_progress_make_it_not_ready_after_the_bound() -> None:
    clock = Clock()
    lag = monitor(clock)
    lag.observe("a", committed=10, lag=5)
    clock.now += 20
    lag.observe("a", committed=10, lag=5)
    lag.measured_at = clock.now
    assert lag.problems() == []
    clock.now += 11
    lag.measured_at = clock.now
    assert lag.problems() == ["a: stalled 31s, 5 events waiting"]
    lag.observe("a", committed=11, lag=4)  # it moved: progressing again
    assert lag.problems() == []


def test_caught_up_is_progress_and_too_far_behind_is_not_ready() -> None:
    clock = Clock()
    lag = monitor(clock)
    lag.observe("a", committed=10, lag=0)
    clock.now += 300
    lag.observe("a", committed=10, lag=0)
    lag.observe("b", committed=500, lag=101)
    lag.measured_at = clock.now
    assert lag.problems() == ["b: 101 events behind (bound 100)"]


def test_failing_measurements_and_inactive_monitor() -> None:
    clock = Clock()
    lag = monitor(clock)
    clock.now += 31
    assert lag.problems() == ["projection lag unmeasured for 31s"]
    lag.active = False  # an api process measures nothing and judges nothing
    assert lag.problems() == []


@pytest.mark.integration
async def test_a_stuck_projection_turns_health_ready_to_503_and_back(
    settings_for, make_token
) -> None:
    settings = settings_for("sample", projection_stall_after_s=1.5, projection_lag_interval_s=0.2)
    release = asyncio.Event()
    handler = TALLIES.handlers[TallyIncremented]

    async def stuck(event: TallyIncremented, ctx: object) -> None:
        await release.wait()
        await handler(event, ctx)

    TALLIES.handlers[TallyIncremented] = stuck
    try:
        async with running_service(settings, sample_definition()) as service:
            headers = {"Authorization": f"Bearer {make_token('e1')}"}
            await service.client.put("/v1/tallies/s", headers=headers)
            await service.client.post("/v1/tallies/s/increments", json={"by": 1}, headers=headers)
            body = await _wait_for_status(service.client, 503, timeout_s=30)
            assert "tallies: stalled" in body["detail"]
            assert (
                "collab_projection_seconds_since_progress"
                in (await service.client.get("/metrics")).text
            )
            release.set()
            await _wait_for_status(service.client, 200, timeout_s=30)
    finally:
        TALLIES.handlers[TallyIncremented] = handler


async def _wait_for_status(client, status: int, timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        response = await client.get("/health/ready")
        if response.status_code == status or time.monotonic() > deadline:
            assert response.status_code == status, response.text
            return response.json()
        await asyncio.sleep(0.2)
