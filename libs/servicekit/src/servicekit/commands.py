"""Command handling: load a stream, fold its state, decide, append.

``decide`` is a pure function of the current state returning new events (or
raising a domain error). Without ``expected_version`` a concurrency conflict
is retried on fresh state; with it (from ``If-Match``) a mismatch is final.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from collab_events import CloudEvent, Event

from servicekit.eventstore import ConcurrencyError, EventStore, Metadata

S = TypeVar("S")


class PreconditionFailed(Exception):
    """The stream is not at the version the client said it edited (If-Match)."""

    def __init__(self, subject: str, expected: int, actual: int) -> None:
        super().__init__(f"{subject}: client had version {expected}, current is {actual}")
        self.subject, self.expected, self.actual = subject, expected, actual


@dataclass(frozen=True, slots=True)
class CommandResult:
    """The stream's new version and the events a command appended."""

    subject: str
    version: int
    events: Sequence[CloudEvent]

    @property
    def consistency_token(self) -> str:
        """``<subject>@<streamversion>`` for read-your-writes queries."""
        return f"{self.subject}@{self.version}"

    @property
    def etag(self) -> str:
        """The strong ETag of the stream version."""
        return f'"{self.version}"'


@dataclass(frozen=True)
class Aggregate(Generic[S]):
    """How to rebuild one kind of stream's state from its events."""

    initial: Callable[[], S]
    evolve: Callable[[S, Event], S]


async def load_state(store: EventStore, subject: str, aggregate: Aggregate[S]) -> tuple[S, int]:
    """The folded state of a stream and its version."""
    state, version = aggregate.initial(), 0
    for recorded in await store.load(subject):
        state, version = aggregate.evolve(state, recorded.event), recorded.envelope.streamversion
    return state, version


async def execute(
    store: EventStore,
    subject: str,
    aggregate: Aggregate[S],
    decide: Callable[[S], Sequence[Event]],
    *,
    metadata: Metadata | None = None,
    expected_version: int | None = None,
    attempts: int = 5,
) -> CommandResult:
    """Run one command against one stream with optimistic concurrency."""
    for attempt in range(attempts):
        state, version = await load_state(store, subject, aggregate)
        if expected_version is not None and expected_version != version:
            raise PreconditionFailed(subject, expected_version, version)
        events = list(decide(state))
        if not events:  # nothing to change: an idempotent repeat
            return CommandResult(subject, version, [])
        try:
            appended = await store.append(
                subject, events, expected_version=version, metadata=metadata
            )
        except ConcurrencyError:
            if expected_version is not None or attempt == attempts - 1:
                raise
            continue
        return CommandResult(subject, version + len(appended), appended)
    raise AssertionError("unreachable")
