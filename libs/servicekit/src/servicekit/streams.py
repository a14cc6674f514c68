"""The event store's port: what a service may do with its stored events.

Two implementations pass the same contract tests: ``EventStore`` (MongoDB, the
real one) and ``InMemoryEventStore`` (for fast tests of decide/execute/policies).
Nothing outside servicekit touches the store's collections.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from collab_events import CloudEvent, Event, new_envelope

from servicekit.tracing import current_traceparent


class ConcurrencyError(Exception):
    """The stream moved on since the caller read it: reload and decide again."""

    def __init__(self, subject: str, expected: int, actual: int | None = None) -> None:
        super().__init__(f"stream {subject!r}: expected version {expected}, found {actual}")
        self.subject, self.expected, self.actual = subject, expected, actual


@dataclass(frozen=True, slots=True)
class StreamAppend:
    """Events for one stream, valid only if the stream is at ``expected_version``."""

    subject: str
    expected_version: int
    events: Sequence[Event]


@dataclass(frozen=True, slots=True)
class Metadata:
    """Who and what caused the events being appended."""

    actor_id: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """A stored event: its envelope, typed payload and global position."""

    envelope: CloudEvent
    event: Event
    position: int


class EventStorePort(ABC):
    """Append with optimistic concurrency, load streams, and the few searches services need."""

    @abstractmethod
    async def setup(self) -> None:
        """Prepare storage (indexes)."""

    async def append(
        self,
        subject: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        metadata: Metadata | None = None,
    ) -> list[CloudEvent]:
        """Append ``events`` to one stream; ConcurrencyError when it is not at expected_version."""
        return await self.append_streams(
            [StreamAppend(subject, expected_version, events)], metadata=metadata
        )

    @abstractmethod
    async def append_streams(
        self, appends: Sequence[StreamAppend], *, metadata: Metadata | None = None
    ) -> list[CloudEvent]:
        """Append to several streams atomically: all or nothing."""

    @abstractmethod
    async def version(self, subject: str) -> int:
        """Current version of a stream (0 when it does not exist)."""

    @abstractmethod
    async def load(self, subject: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events in order, upcast to their current versions."""

    @abstractmethod
    async def load_prefix(self, prefix: str) -> list[RecordedEvent]:
        """Every event of the streams whose subject starts with ``prefix``, in position order."""

    @abstractmethod
    async def streams_where(self, field: str, value: Any) -> list[str]:
        """Subjects of streams with an event whose (indexed) payload ``field`` is ``value``."""

    @abstractmethod
    async def redact(self, subject: str, fields: Mapping[str, str]) -> int:
        """Blank one payload field per event type (``{type: field}``) in a stream; count changed."""


def envelopes_for(appends: Sequence[StreamAppend], metadata: Metadata) -> list[CloudEvent]:
    """The envelopes of ``appends``: consecutive stream versions, metadata, trace."""
    traceparent = current_traceparent()
    return [
        new_envelope(
            event,
            subject=a.subject,
            streamversion=a.expected_version + i + 1,
            correlation_id=metadata.correlation_id,
            causation_id=metadata.causation_id,
            actor_id=metadata.actor_id,
            traceparent=traceparent,
        )
        for a in appends
        for i, event in enumerate(a.events)
    ]
