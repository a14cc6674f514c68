"""Read-model projections: declaration, idempotent write helpers, apply logic.

A projection owns a set of collections, named with an optional prefix so that a
rebuild can fill fresh copies and swap them in. It consumes the topics of its
source services; each handler receives the typed event and an EventContext.
Handlers must be idempotent (``servicekit.guarded`` writes, keyed upserts): the runner skips
events it has already applied, but a crash between a handler's write and the
runner's checkpoint replays that event.

A handler registered with ``batched=True`` promises to write only through
``ctx.writes`` and to read nothing an earlier event of the same Kafka batch may
have written: its writes are then sent once per batch, one bulk write per
collection (``servicekit.writebatch``). Any other handler sees every write of the
events before it, and its own ``ctx.writes`` are sent as soon as it returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from collab_events import CloudEvent, Event
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from servicekit.writebatch import WriteBatch

E = TypeVar("E", bound=Event)
Doc = dict[str, Any]


class ReadModels:
    """Collections of one projection, under an optional name prefix (for rebuilds)."""

    def __init__(self, db: AsyncDatabase[Doc], prefix: str = "") -> None:
        self.db, self.prefix = db, prefix

    def __getitem__(self, name: str) -> AsyncCollection[Doc]:
        return self.db[f"{self.prefix}{name}"]


@dataclass(frozen=True, slots=True)
class EventContext:
    """What a handler knows besides the event: its envelope and its collections."""

    envelope: CloudEvent
    models: ReadModels
    writes: WriteBatch = field(default_factory=WriteBatch)

    @property
    def version(self) -> int:
        """The event's version within its stream."""
        return self.envelope.streamversion


Handler = Callable[[Any, EventContext], Awaitable[None]]
BatchedWhen = Callable[[Any, CloudEvent], bool]
"""(event, envelope) -> whether this delivery's handler only queues writes."""


def first_version(event: Any, envelope: CloudEvent) -> bool:
    """``batched=first_version``: a stream's first event has nothing before it to read."""
    return envelope.streamversion == 1


Setup = Callable[[ReadModels], Awaitable[None]]


@dataclass
class Projection:
    """A named read model fed by the events of ``sources`` (service names)."""

    name: str
    sources: tuple[str, ...]
    collections: tuple[str, ...]
    handlers: dict[type[Event], Handler] = field(default_factory=dict)
    setups: list[Setup] = field(default_factory=list)
    batched: dict[type[Event], BatchedWhen] = field(default_factory=dict)

    def on(
        self, event_type: type[E], *, batched: bool | BatchedWhen = False
    ) -> Callable[[Handler], Handler]:
        """Decorator: register the handler of one event type (``batched``: see the module).

        ``batched`` may be a predicate: a handler that reads only in some cases (not in
        a stream's first event, say) is batched in the others.
        """

        def register(handler: Handler) -> Handler:
            self.handlers[event_type] = handler
            if batched:
                self.batched[event_type] = _always if batched is True else batched
            return handler

        return register

    def setup(self, fn: Setup) -> Setup:
        """Decorator: register index creation, run before consuming (live and rebuild)."""
        self.setups.append(fn)
        return fn

    @property
    def checkpoint_collection(self) -> str:
        """Per-subject applied versions; also answers Consistency-Token waits."""
        return f"applied_{self.name}"

    def all_collections(self) -> tuple[str, ...]:
        """Every collection a rebuild creates and swaps in."""
        return (*self.collections, self.checkpoint_collection)

    def handler_for(self, event: Event) -> Handler | None:
        """The handler of this event's type, if the projection cares."""
        return self.handlers.get(type(event))

    def is_batched(self, event: Event, envelope: CloudEvent) -> bool:
        """Whether this event's handler only queues writes (see the module)."""
        when = self.batched.get(type(event))
        return when is not None and when(event, envelope)


def _always(event: Any, envelope: CloudEvent) -> bool:
    return True


async def ensure_indexes(
    models: ReadModels, specs: Iterable[tuple[str, list[tuple[str, int]], Doc]]
) -> None:
    """Create (collection, keys, options) indexes on a projection's collections."""
    for name, keys, options in specs:
        await models[name].create_index(keys, **options)
