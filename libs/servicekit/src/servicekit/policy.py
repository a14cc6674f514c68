"""Policies: reactions to events (usually another service's) that issue commands.

A policy is not a read model: it owns no collections and only runs commands
through the event store, with the dependencies the composition root wired
(``ServiceDefinition.ports``). The runtime consumes it like a projection (its
own consumer group, per-subject checkpoints, bounded retries, then the DLQ),
so a redelivered event runs the policy again: its decisions must see the
streams' current state and append nothing once the reaction happened.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from collab_events import CloudEvent, Event

from servicekit.projection import EventContext, Projection
from servicekit.streams import EventStorePort, Metadata

E = TypeVar("E", bound=Event)
P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class PolicyContext(Generic[P]):
    """What a policy handler gets besides the event: store, ports, the triggering envelope."""

    envelope: CloudEvent
    store: EventStorePort
    ports: P

    @property
    def metadata(self) -> Metadata:
        """Metadata of the commands it issues: caused by this event, in its correlation."""
        correlation = self.envelope.correlationid or self.envelope.id
        return Metadata(correlation_id=correlation, causation_id=self.envelope.id)


PolicyHandler = Callable[[Any, PolicyContext[Any]], Awaitable[None]]


@dataclass
class Policy:
    """A named reaction to the events of ``sources`` (service names)."""

    name: str
    sources: tuple[str, ...]
    handlers: dict[type[Event], PolicyHandler] = field(default_factory=dict)

    def on(self, event_type: type[E]) -> Callable[[PolicyHandler], PolicyHandler]:
        """Decorator: register the reaction to one event type."""

        def register(handler: PolicyHandler) -> PolicyHandler:
            self.handlers[event_type] = handler
            return handler

        return register

    def consumer(self, store: EventStorePort, ports: Any) -> Projection:
        """The projection-shaped consumer the runtime subscribes (no collections)."""
        projection = Projection(name=self.name, sources=self.sources, collections=())
        for event_type, handler in self.handlers.items():
            projection.handlers[event_type] = _bound(handler, store, ports)
        return projection


def _bound(handler: PolicyHandler, store: EventStorePort, ports: Any) -> Any:
    async def run(event: Event, ctx: EventContext) -> None:
        await handler(event, PolicyContext(ctx.envelope, store, ports))

    return run
