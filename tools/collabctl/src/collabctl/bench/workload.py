"""What every phase shares: isolated names, service settings, the sample tally workload."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from collab_events import Event, KafkaRecord, encode_record, new_envelope
from pymongo import AsyncMongoClient
from servicekit.settings import ServiceSettings
from servicekit.testing.sample import TallyIncremented, TallyOpened

PARTITIONS = 3  # as the services' topics (ServiceSettings.topic_partitions)
SERVICE = "sample"  # the servicekit sample tally domain: a real projection, no app code
Doc = dict[str, Any]
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Planned:
    """One event of the workload: version ``version`` of stream ``stream``."""

    stream: int
    version: int

    @property
    def subject(self) -> str:
        """The stream id, as the sample API names tallies."""
        return f"tally:bench-{self.stream:06d}"

    def event(self) -> Event:
        """A stream opens its tally first, then increments it."""
        return TallyOpened(label=self.subject) if self.version == 1 else TallyIncremented(by=1)


def plan(events: int, streams: int) -> list[Planned]:
    """``events`` events spread round-robin over ``streams`` streams, versions in order."""
    return [Planned(i % streams, i // streams + 1) for i in range(events)]


def records(planned: list[Planned]) -> list[KafkaRecord]:
    """Real encoded envelopes of the workload (same size and keys as the relay sends)."""
    return [
        encode_record(new_envelope(p.event(), subject=p.subject, streamversion=p.version))
        for p in planned
    ]


@dataclass
class BenchContext:
    """The servers of one run and the names it created there (removed at the end)."""

    kafka: str
    mongo: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    databases: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)

    def settings(self, phase: str, **overrides: Any) -> ServiceSettings:
        """Settings of the sample service, isolated to ``phase`` (own database and topics)."""
        values: dict[str, Any] = dict(
            environment="development",
            service_name=SERVICE,
            mongo_url=self.mongo,
            mongo_db=self.database(phase),
            kafka_bootstrap=self.kafka,
            topic_prefix=self.prefix(phase),
            topic_partitions=PARTITIONS,
            kafka_session_timeout_ms=2000,  # development values (ARCHITECTURE.md §8)
            kafka_heartbeat_interval_ms=500,
        )
        return ServiceSettings.model_validate({**values, **overrides})

    def database(self, phase: str) -> str:
        """A fresh database name for ``phase``."""
        name = f"bench_{self.run_id}_{phase}"
        if name not in self.databases:
            self.databases.append(name)
        return name

    def prefix(self, phase: str) -> str:
        """A fresh topic prefix for ``phase``."""
        prefix = f"bench{self.run_id}.{phase}."
        if prefix not in self.prefixes:
            self.prefixes.append(prefix)
        return prefix

    async def cleanup(self) -> None:
        """Drop the run's databases and (where the broker allows) its topics; never raises.

        It runs in a ``finally``: an error here must not hide the one that ended the run.
        """
        for step in (self._drop_databases, self._delete_topics):
            try:
                await step()
            except Exception as exc:
                log.warning("bench cleanup: %s failed: %s", step.__name__, exc)

    async def _drop_databases(self) -> None:
        client: AsyncMongoClient[Doc] = AsyncMongoClient(self.mongo)
        try:
            for name in self.databases:
                await client.drop_database(name)
        finally:
            await client.close()

    async def _delete_topics(self) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.kafka)
        await admin.start()
        try:
            ours = [t for t in await admin.list_topics() if t.startswith(tuple(self.prefixes))]
            if ours:
                with contextlib.suppress(Exception):  # Tansu may refuse; topics are prefixed
                    await admin.delete_topics(ours)
        finally:
            await admin.close()


def per_second(count: int, seconds: float) -> float:
    """A rate, guarded against a zero-length interval."""
    return count / max(seconds, 1e-9)


def now() -> float:
    """Monotonic seconds with the best available resolution."""
    return time.perf_counter()


async def paced(rate: float, count: int, fire: Callable[[int], None]) -> float:
    """Call ``fire(i)`` at ``i / rate`` seconds from now; returns the seconds it took.

    Open loop: ``fire`` must not block, so a slow operation never delays the
    next one (which would hide latency behind a lower offered load).
    """
    start = now()
    for i in range(count):
        delay = start + i / rate - now()
        if delay > 0:
            await asyncio.sleep(delay)
        fire(i)
    return now() - start
