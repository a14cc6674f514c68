"""Projection lag: events between a consumer group's committed offset and the topic end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from servicekit.kafka_admin import committed_offsets, end_offsets
from servicekit.metrics import PROJECTION_IDLE, PROJECTION_LAG
from servicekit.projection import Projection
from servicekit.runner import consumer_group, source_topics
from servicekit.settings import ServiceSettings

log = logging.getLogger(__name__)


async def projection_lag(settings: ServiceSettings, projection: Projection) -> dict[str, int]:
    """Lag per source topic of one projection."""
    lag, _ = await projection_lag_and_offsets(settings, projection)
    return lag


async def projection_lag_and_offsets(
    settings: ServiceSettings, projection: Projection
) -> tuple[dict[str, int], int]:
    """(lag per source topic, sum of committed offsets) of one projection."""
    group = consumer_group(settings, projection)
    lag, total = {}, 0
    for topic in source_topics(settings, projection):
        ends = await end_offsets(settings.kafka_bootstrap, topic)
        committed = await committed_offsets(settings.kafka_bootstrap, group, topic)
        lag[topic] = sum(max(end - committed.get(p, 0), 0) for p, end in ends.items())
        total += sum(committed.values())
    return lag, total


@dataclass
class Progress:
    """What is known of one projection's advance: committed total and when it last moved."""

    committed: int = -1
    lag: int = 0
    progressed_at: float = field(default_factory=time.monotonic)

    def observe(self, committed: int, lag: int, now: float) -> None:
        """Record a measurement; caught up or a moved offset counts as progress."""
        if committed != self.committed or lag == 0:
            self.progressed_at = now
        self.committed, self.lag = committed, lag

    def stalled_for(self, now: float) -> float:
        """Seconds since the last progress."""
        return now - self.progressed_at


class LagMonitor:
    """Measures every projection's lag and progress; the figures feed /health/ready.

    A projection is *stalled* when events wait and its committed offsets have not
    moved for ``stall_after_s``; it is *behind* when more than ``max_lag`` events
    wait. Either makes the service not ready, and so does a measurement that has
    failed for ``stall_after_s`` (the lag is then unknown).
    """

    def __init__(
        self,
        settings: ServiceSettings,
        projections: Sequence[Projection],
        interval_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings, self.projections, self.interval_s = settings, projections, interval_s
        self.clock = clock
        self.latest: dict[str, dict[str, int]] = {}
        self.progress = {p.name: Progress(progressed_at=clock()) for p in projections}
        self.measured_at = clock()
        self.active = False  # only a worker measures; an api process has nothing to judge

    async def refresh(self) -> dict[str, dict[str, int]]:
        """Measure every projection now."""
        for projection in self.projections:
            lag, committed = await projection_lag_and_offsets(self.settings, projection)
            for topic, value in lag.items():
                PROJECTION_LAG.labels(projection.name, topic).set(value)
            self.latest[projection.name] = lag
            self.observe(projection.name, committed, sum(lag.values()))
        self.measured_at = self.clock()
        return self.latest

    def observe(self, name: str, committed: int, lag: int) -> None:
        """Record one projection's figures and refresh its seconds-since-progress gauge."""
        now = self.clock()
        progress = self.progress[name]
        progress.observe(committed, lag, now)
        PROJECTION_IDLE.labels(name).set(progress.stalled_for(now))

    def problems(self) -> list[str]:
        """Why the service is not ready (empty when it is)."""
        now, s = self.clock(), self.settings
        found: list[str] = []
        if not self.active:
            return found
        if self.projections and now - self.measured_at > s.projection_stall_after_s:
            found.append(f"projection lag unmeasured for {now - self.measured_at:.0f}s")
        for name, p in self.progress.items():
            if p.lag and p.stalled_for(now) > s.projection_stall_after_s:
                found.append(f"{name}: stalled {p.stalled_for(now):.0f}s, {p.lag} events waiting")
            elif p.lag > s.projection_max_lag:
                found.append(f"{name}: {p.lag} events behind (bound {s.projection_max_lag})")
        return found

    async def run(self, stop: asyncio.Event) -> None:
        """Refresh periodically until ``stop``."""
        self.active, self.measured_at = True, self.clock()
        while not stop.is_set():
            try:
                await self.refresh()
            except Exception:
                log.warning("lag measurement failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval_s)
