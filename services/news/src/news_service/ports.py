"""What handlers, queries and the timer use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from collab_replicas import Replicas
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort, Metadata

from news_service.config import NewsOptions
from news_service.domain.model import Caller
from news_service.queries.sizes import CompanySize
from news_service.registries.snapshots import Snapshots


@dataclass(frozen=True)
class Ports:
    """The event store, read models, replicas and the frozen audiences."""

    store: EventStorePort
    models: ReadModels
    replicas: Replicas
    snapshots: Snapshots
    company: CompanySize
    options: NewsOptions


def by(caller: Caller | None) -> Metadata:
    """Metadata naming the caller as the actor (None: the service itself)."""
    return Metadata(actor_id=None if caller is None else caller.employee_id)
