"""Projection lag: events between a consumer group's committed offset and the topic end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from servicekit.kafka_admin import committed_offsets, end_offsets
from servicekit.metrics import PROJECTION_LAG
from servicekit.projection import Projection
from servicekit.runner import consumer_group, source_topics
from servicekit.settings import ServiceSettings

log = logging.getLogger(__name__)


async def projection_lag(settings: ServiceSettings, projection: Projection) -> dict[str, int]:
    """Lag per source topic of one projection."""
    group = consumer_group(settings, projection)
    lag = {}
    for topic in source_topics(settings, projection):
        ends = await end_offsets(settings.kafka_bootstrap, topic)
        committed = await committed_offsets(settings.kafka_bootstrap, group, topic)
        lag[topic] = sum(max(end - committed.get(p, 0), 0) for p, end in ends.items())
    return lag


class LagMonitor:
    """Refreshes the lag gauge of every projection; the latest figures feed /health/ready."""

    def __init__(
        self, settings: ServiceSettings, projections: Sequence[Projection], interval_s: float = 5.0
    ) -> None:
        self.settings, self.projections, self.interval_s = settings, projections, interval_s
        self.latest: dict[str, dict[str, int]] = {}

    async def refresh(self) -> dict[str, dict[str, int]]:
        """Measure every projection now."""
        for projection in self.projections:
            lag = await projection_lag(self.settings, projection)
            for topic, value in lag.items():
                PROJECTION_LAG.labels(projection.name, topic).set(value)
            self.latest[projection.name] = lag
        return self.latest

    async def run(self, stop: asyncio.Event) -> None:
        """Refresh periodically until ``stop``."""
        while not stop.is_set():
            try:
                await self.refresh()
            except Exception:
                log.warning("lag measurement failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval_s)
