"""What handlers, queries and the worker tasks use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from collab_replicas import Replicas
from servicekit.projection import ReadModels
from servicekit.settings import ServiceSettings
from servicekit.streams import EventStorePort

from notification_service.config import NotificationOptions


@dataclass(frozen=True)
class Ports:
    """The event store, read models, replicas and the service's options."""

    store: EventStorePort
    models: ReadModels
    replicas: Replicas
    options: NotificationOptions
    settings: ServiceSettings
