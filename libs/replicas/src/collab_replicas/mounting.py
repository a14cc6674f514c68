"""Mounting replica handlers into a projection that may also carry a service's own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from collab_events import Event
from servicekit.projection import BatchedWhen, Handler, Projection, ReadModels

from collab_replicas.status import PersonStatus, read_status

StatusListener = Callable[[ReadModels, str, PersonStatus], Awaitable[None]]
"""(models, employee_id, current status): reacts to a deactivation, reactivation or erasure."""


class On(Protocol):
    """``projection.on``'s signature."""

    def __call__(
        self, event_type: type[Event], *, batched: bool | BatchedWhen = False
    ) -> Callable[[Handler], Handler]: ...


def exclusive(projection: Projection) -> On:
    """Like ``projection.on``, but refuses an event type that already has a handler.

    A projection holds one handler per type: mounting a replica next to a service's own
    handler of the same type would silently replace one of them.
    """

    def on(
        event_type: type[Event], *, batched: bool | BatchedWhen = False
    ) -> Callable[[Handler], Handler]:
        if event_type in projection.handlers:
            raise ValueError(f"{projection.name}: {event_type.__name__} is handled already")
        return projection.on(event_type, batched=batched)

    return on


@dataclass
class PeopleMount:
    """The people replica inside one projection: its collection and status listeners."""

    collection: str
    listeners: list[StatusListener] = field(default_factory=list)

    def on_status_change(self, listener: StatusListener) -> StatusListener:
        """Register a listener (decorator); also run on redeliveries, so it must be idempotent."""
        self.listeners.append(listener)
        return listener

    async def notify(
        self, models: ReadModels, employee_id: str, status: PersonStatus | None = None
    ) -> None:
        """Tell every listener the person's current status (read after the write)."""
        status = status or await read_status(models[self.collection], employee_id)
        for listener in self.listeners:
            await listener(models, employee_id, status)
