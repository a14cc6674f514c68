"""An in-memory event store: the fake of our own port, for tests without servers.

It keeps the MongoDB store's invariants (gap-free versions per stream, atomic
multi-stream appends, positions in commit order) and passes the same contract
tests, so decide/execute/policy tests can run against it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from collab_events import REGISTRY, CloudEvent, EventRegistry

from servicekit.streams import (
    ConcurrencyError,
    EventStorePort,
    Metadata,
    RecordedEvent,
    StreamAppend,
    envelopes_for,
)


class InMemoryEventStore(EventStorePort):
    """Stored envelopes in a list, in position order."""

    def __init__(self, registry: EventRegistry = REGISTRY, *, indexed_fields: Sequence[str] = ()):
        self.registry, self.indexed_fields = registry, tuple(indexed_fields)
        self.envelopes: list[CloudEvent] = []
        self._versions: dict[str, int] = {}
        self._lock = asyncio.Lock()

    async def setup(self) -> None:
        """Nothing to prepare."""

    async def append_streams(
        self, appends: Sequence[StreamAppend], *, metadata: Metadata | None = None
    ) -> list[CloudEvent]:
        """Append to several streams atomically: all or nothing."""
        envelopes = envelopes_for(appends, metadata or Metadata())
        if not envelopes:
            return []
        async with self._lock:
            for append in appends:
                actual = self._versions.get(append.subject, 0)
                if actual != append.expected_version:
                    raise ConcurrencyError(append.subject, append.expected_version, actual)
            for append in appends:
                self._versions[append.subject] = append.expected_version + len(append.events)
            self.envelopes += envelopes
        return envelopes

    async def version(self, subject: str) -> int:
        """Current version of a stream (0 when it does not exist)."""
        return self._versions.get(subject, 0)

    async def load(self, subject: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events in order, upcast to their current versions."""
        return [
            r
            for r in self._recorded()
            if r.envelope.subject == subject and r.envelope.streamversion > after_version
        ]

    async def load_prefix(self, prefix: str) -> list[RecordedEvent]:
        """Every event of the streams whose subject starts with ``prefix``, in position order."""
        return [r for r in self._recorded() if r.envelope.subject.startswith(prefix)]

    async def streams_where(self, field: str, value: Any) -> list[str]:
        """The subjects of streams with an event whose payload ``field`` equals ``value``."""
        if field not in self.indexed_fields:
            raise ValueError(f"{field!r} is not an indexed field of this event store")
        found = [e.subject for e in self.envelopes if e.data.get(field) == value]
        return list(dict.fromkeys(found))

    async def redact(self, subject: str, fields: Mapping[str, str]) -> int:
        """Blank one payload field per event type in a stream; returns how many changed."""
        changed = 0
        for i, envelope in enumerate(self.envelopes):
            field = fields.get(envelope.type)
            if envelope.subject == subject and field and envelope.data.get(field) != {}:
                data = {**envelope.data, field: {}}
                self.envelopes[i] = envelope.model_copy(update={"data": data})
                changed += 1
        return changed

    def _recorded(self) -> list[RecordedEvent]:
        return [
            RecordedEvent(envelope, self.registry.decode(envelope), position)
            for position, envelope in enumerate(self.envelopes, start=1)
        ]
