"""Waiting until the read models hold what was written: outboxes empty, every consumer's lag 0.

Lag alone (events between a consumer group's committed offset and the topic's end,
as ``/health/ready`` reports it) does not count the events still waiting in a
service's outbox for the relay, so first every producing service's outbox must be
empty (``unpublished_count``), then every projection and policy of the services
waited for must have lag 0 on each topic it reads, measured afresh (the readiness
figures are up to an interval old).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pymongo import AsyncMongoClient
from servicekit.eventstore import EventStore
from servicekit.lag import projection_lag
from servicekit.projection import Projection
from servicekit.service import ServiceDefinition
from servicekit.settings import ServiceSettings

from collabctl.services import load_service

Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class CaughtUp:
    """Seconds from the start of the wait until the outboxes were empty and the lag was 0."""

    drained_s: float
    caught_up_s: float


def consumers(definition: ServiceDefinition) -> list[Projection]:
    """A service's projections and policies (each a consumer group with a lag)."""
    policies = [Projection(p.name, p.sources, ()) for p in definition.policies]
    return [*definition.projections, *policies]


async def wait_caught_up(
    services: Sequence[str], *, timeout_s: float, report: Report, poll_s: float = 1.0
) -> CaughtUp:
    """Wait for ``services``' read models; TimeoutError after ``timeout_s``."""
    loaded = [load_service(name) for name in services]
    clients: dict[str, AsyncMongoClient[dict[str, Any]]] = {}
    started = time.perf_counter()
    drained: float | None = None
    try:
        stores = [_store(clients, settings) for _, settings in loaded]
        while time.perf_counter() - started < timeout_s:
            waiting = sum([await store.unpublished_count() for store in stores])
            if waiting == 0 and drained is None:
                drained = time.perf_counter() - started
            behind = await _behind(loaded) if waiting == 0 else {}
            if waiting == 0 and not behind:
                return CaughtUp(drained or 0.0, time.perf_counter() - started)
            report(_status(waiting, behind))
            await asyncio.sleep(poll_s)
    finally:
        for client in clients.values():
            await client.close()
    raise TimeoutError(f"read models not caught up after {timeout_s:.0f}s")


def _store(
    clients: dict[str, AsyncMongoClient[dict[str, Any]]], settings: ServiceSettings
) -> EventStore:
    if settings.mongo_url not in clients:
        clients[settings.mongo_url] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    return EventStore(clients[settings.mongo_url][settings.database])


async def _behind(loaded: Sequence[tuple[ServiceDefinition, ServiceSettings]]) -> dict[str, int]:
    """``<service>.<consumer>`` -> events it has still to read (only those behind)."""
    behind: dict[str, int] = {}
    for definition, settings in loaded:
        for consumer in consumers(definition):
            lag = sum((await projection_lag(settings, consumer)).values())
            if lag:
                behind[f"{definition.name}.{consumer.name}"] = lag
    return behind


def _status(waiting: int, behind: dict[str, int]) -> str:
    if waiting:
        return f"  catching up: {waiting} events wait in the outboxes"
    lagging = ", ".join(f"{name} {lag}" for name, lag in sorted(behind.items()))
    return f"  catching up: {lagging}"
