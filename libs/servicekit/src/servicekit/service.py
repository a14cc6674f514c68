"""The runtime of one service: clients, event store, relay, projectors, HTTP app.

Roles: ``api`` serves HTTP only; ``worker`` runs the relay and the projectors
(and serves only health and metrics); ``all`` runs both in one process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from aiokafka import AIOKafkaProducer
from collab_events import REGISTRY, EventRegistry, dlq_topic_for, topic_for
from fastapi import APIRouter
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient

from servicekit.eventstore import EventStore
from servicekit.kafka_admin import ensure_topics
from servicekit.lag import LagMonitor
from servicekit.lease import Lease
from servicekit.policy import Policy
from servicekit.projection import Projection, ReadModels
from servicekit.projector import Projector
from servicekit.relay import OutboxRelay
from servicekit.runner import new_broker, subscribe
from servicekit.settings import ServiceSettings

log = logging.getLogger(__name__)
Role = Literal["api", "worker", "all"]
Hook = Callable[["ServiceRuntime"], Awaitable[None]]
WorkerTask = Callable[["ServiceRuntime", asyncio.Event], Coroutine[Any, Any, None]]


@dataclass
class ServiceDefinition:
    """What makes a service itself: its routers, projections and start-up hooks."""

    name: str
    title: str
    description: str = ""
    routers: Sequence[APIRouter] = ()
    projections: Sequence[Projection] = ()
    policies: Sequence[Policy] = ()
    # What handlers and policies need (store, read models, claims ...), built once per
    # runtime; routes reach it as ``runtime.ports``.
    ports: Callable[[ServiceRuntime], Any] = field(default=lambda runtime: None)
    # Payload fields the event store indexes for ``streams_where``.
    indexed_fields: Sequence[str] = ()
    on_startup: Sequence[Hook] = ()
    # Long-running tasks of the worker roles beside the relay and the projectors (timers):
    # each gets the runtime and the event that ``stop`` sets, and must return soon after.
    worker_tasks: Sequence[WorkerTask] = ()
    registry: EventRegistry = field(default=REGISTRY)


class ServiceRuntime:
    """Owns every client and background task of one service process."""

    def __init__(self, settings: ServiceSettings, definition: ServiceDefinition) -> None:
        self.settings, self.definition = settings, definition
        self.client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            settings.mongo_url, tz_aware=True
        )
        self.db = self.client[settings.database]
        self.store = EventStore(
            self.db, definition.registry, indexed_fields=definition.indexed_fields
        )
        self.models = ReadModels(self.db)
        self.ports: Any = definition.ports(self)
        policies = [p.consumer(self.store, self.ports) for p in definition.policies]
        self.consumers: list[Projection] = [*definition.projections, *policies]
        self.lag = LagMonitor(
            settings, self.consumers, interval_s=settings.projection_lag_interval_s
        )
        self.broker: KafkaBroker | None = None
        self.projectors: list[Projector] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def topic(self) -> str:
        """The topic this service publishes to."""
        return topic_for(self.settings.service_name, self.settings.topic_prefix)

    async def start(self, role: Role) -> None:
        """Prepare storage, then start the worker part when the role includes it."""
        await self.store.setup()
        for projection in self.definition.projections:
            for setup in projection.setups:
                await setup(self.models)
        for hook in self.definition.on_startup:
            await hook(self)
        if role in ("worker", "all"):
            await self.start_worker()

    async def start_worker(self) -> None:
        """Ensure topics, start projectors, the relay and the lag monitor."""
        await self.ensure_topics()
        self.broker = new_broker(self.settings)
        self.projectors = [
            subscribe(self.broker, p, self.models, self.settings, registry=self.definition.registry)
            for p in self.consumers
        ]
        await self.broker.start()
        self._tasks.append(asyncio.create_task(self.new_relay().run(self._stop)))
        for task in self.definition.worker_tasks:
            self._tasks.append(asyncio.create_task(task(self, self._stop)))
        if self.consumers:
            self._tasks.append(asyncio.create_task(self.lag.run(self._stop)))

    async def ensure_topics(self) -> None:
        """Create this service's topic, its DLQ and every source topic if missing."""
        s = self.settings
        services = {s.service_name} | {src for p in self.consumers for src in p.sources}
        names = [topic_for(x, s.topic_prefix) for x in sorted(services)]
        names.append(dlq_topic_for(s.service_name, s.topic_prefix))
        await ensure_topics(
            s.kafka_bootstrap,
            names,
            partitions=s.topic_partitions,
            replication=s.topic_replication,
            configs=s.topic_configs(),
        )

    def new_relay(self) -> OutboxRelay:
        """The outbox relay of this service (one active per service, by lease)."""
        s = self.settings
        owner = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        return OutboxRelay(
            store=self.store,
            topic=self.topic,
            lease=Lease(self.db, "relay", owner, s.relay_lease_ttl_s),
            producer_factory=lambda: AIOKafkaProducer(
                bootstrap_servers=s.kafka_bootstrap,
                acks="all",
                enable_idempotence=s.kafka_idempotence,
                request_timeout_ms=10_000,
                max_batch_size=s.relay_max_batch_bytes,
            ),
            batch_size=s.relay_batch_size,
            poll_interval_s=s.relay_poll_interval_s,
            watch_changes=s.relay_watch_changes,
        )

    async def stop(self) -> None:
        """Stop background tasks, the broker and the database client."""
        self._stop.set()
        for task in self._tasks:
            try:
                await asyncio.wait_for(task, timeout=15)
            except Exception:
                log.warning("background task did not stop cleanly", exc_info=True)
        if self.broker is not None:
            await self.broker.stop()
        await self.client.close()

    async def ready(self) -> dict[str, Any]:
        """Readiness facts: MongoDB reachable, projections progressing and not too far behind."""
        await self.client.admin.command("ping")
        if problems := self.lag.problems():
            raise NotReady("; ".join(problems))
        return {"mongo": "ok", "lag": self.lag.latest}


class NotReady(RuntimeError):
    """The service runs but should not take traffic yet; the message says why."""
