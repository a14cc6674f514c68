"""Composition root: the news service's routers, projections, replicas, snapshots, timer."""

from __future__ import annotations

import asyncio

from collab_replicas import Replicas
from servicekit.service import ServiceDefinition, ServiceRuntime

from news_service.api import ROUTERS
from news_service.config import NewsOptions
from news_service.handlers.reactions import REACTOR_FIELD
from news_service.handlers.timer import Timer
from news_service.policies import AUTHOR_FIELD, POLICIES
from news_service.ports import Ports
from news_service.projections import PROJECTIONS
from news_service.queries.sizes import CompanySize
from news_service.registries.snapshots import Snapshots

DESCRIPTION = (
    "Corporate news: channels with editors, articles in several languages with versions, "
    "audiences over people facts, scheduled publishing, must-reads with acknowledgement, "
    "frozen audiences and reminders, reach analytics."
)


def build_ports(runtime: ServiceRuntime, options: NewsOptions) -> Ports:
    """The event store, read models, replicas and snapshots in the service's database."""
    replicas = Replicas(runtime.models)
    return Ports(
        store=runtime.store, models=runtime.models, replicas=replicas,
        snapshots=Snapshots(runtime.db), company=CompanySize(replicas), options=options,
    )  # fmt: skip


async def prepare_snapshots(runtime: ServiceRuntime) -> None:
    """Index the frozen audiences."""
    ports: Ports = runtime.ports
    await ports.snapshots.setup()


async def run_timer(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
    """The publishing and reminder timer: a worker task, so only worker roles run it."""
    await Timer(runtime.ports).run(stop.is_set, lambda: True)


def definition(options: NewsOptions | None = None) -> ServiceDefinition:
    """The news service."""
    chosen = options or NewsOptions()
    return ServiceDefinition(
        name="news",
        title="News service",
        description=DESCRIPTION,
        routers=ROUTERS,
        projections=PROJECTIONS,
        ports=lambda runtime: build_ports(runtime, chosen),
        policies=POLICIES,
        # The erasure policy finds a person's comments and reactions by these fields.
        indexed_fields=[AUTHOR_FIELD, REACTOR_FIELD],
        on_startup=[prepare_snapshots],
        worker_tasks=[run_timer],
    )
