"""Composition root: the polling service's routers, projections, registries and timer."""

from __future__ import annotations

import asyncio

from collab_replicas import Replicas
from servicekit.service import ServiceDefinition, ServiceRuntime

from polling_service.api import ROUTERS
from polling_service.config import PollingOptions
from polling_service.domain.pseudonyms import Pseudonyms
from polling_service.handlers import timer
from polling_service.handlers.known import KnownPolls
from polling_service.policies.erasure import ERASURE, VOTER_FIELD
from polling_service.ports import Ports
from polling_service.projections import PROJECTIONS
from polling_service.queries.live import LiveTallies
from polling_service.registries.ballot_box import BallotBox
from polling_service.registries.electorates import Electorates
from polling_service.registries.secrets import PollSecrets

DESCRIPTION = (
    "Polls in groups or for audiences (single, multiple, ranked with instant runoff, "
    "rating), open, anonymous or secret ballots (RFC 9474 blind signatures), eligibility "
    "frozen at opening, results, receipts and a recomputable ballot-list digest."
)


def build_ports(runtime: ServiceRuntime, options: PollingOptions) -> Ports:
    """The event store, read models, replicas and registries in the service's database."""
    return Ports(
        store=runtime.store,
        models=runtime.models,
        replicas=Replicas(runtime.models),
        electorates=Electorates(runtime.db),
        box=BallotBox(runtime.db),
        secrets=PollSecrets(runtime.db, options.key_secret.get_secret_value()),
        options=options,
        live=LiveTallies(options.live_results_ttl_s),
        pseudonyms=Pseudonyms.from_secret(options.key_secret.get_secret_value()),
        known=KnownPolls(),
    )


async def run_timer(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
    """The deadline timer: a worker task, so only worker roles run it."""
    await timer.run(runtime.ports, stop.is_set, lambda: True)


def definition(options: PollingOptions | None = None) -> ServiceDefinition:
    """The polling service."""
    chosen = options or PollingOptions()
    return ServiceDefinition(
        name="polling",
        title="Polling service",
        description=DESCRIPTION,
        routers=ROUTERS,
        projections=PROJECTIONS,
        ports=lambda runtime: build_ports(runtime, chosen),
        policies=[ERASURE],
        indexed_fields=[VOTER_FIELD],
        worker_tasks=[run_timer],
    )
