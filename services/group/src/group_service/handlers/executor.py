"""Run a decision over several streams at once, with optimistic concurrency.

Like ``servicekit.commands.execute`` but for decisions that append to the group
stream and to membership streams together (one transaction). A conflict on any
stream reloads everything and decides again; with ``expected`` (If-Match) a
mismatch of that stream is final (412).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from collab_events import Event
from servicekit.commands import CommandResult, PreconditionFailed
from servicekit.eventstore import ConcurrencyError, EventStore, Metadata, StreamAppend

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Loaded(Generic[C]):
    """What a decision needs and the version of every stream it may append to."""

    context: C
    versions: Mapping[str, int]


Changes = Mapping[str, Sequence[Event]]


async def execute_streams(
    store: EventStore,
    *,
    primary: str,
    load: Callable[[], Awaitable[Loaded[C]]],
    decide: Callable[[C], Changes],
    metadata: Metadata | None = None,
    expected: int | None = None,
    attempts: int = 8,
) -> CommandResult:
    """Load, decide, append atomically; the result describes the ``primary`` stream."""
    for attempt in range(attempts):
        loaded = await load()
        current = loaded.versions[primary]
        # Decide first: an answer other than 2xx (404 of a hidden group) wins over the
        # precondition, which must not reveal the version (RFC 9110 §13.2.1).
        changes = {s: list(evs) for s, evs in decide(loaded.context).items() if evs}
        if expected is not None and expected != current:
            raise PreconditionFailed(primary, expected, current)
        appends = [StreamAppend(s, loaded.versions[s], evs) for s, evs in changes.items()]
        if not appends:
            return CommandResult(primary, current, [])
        try:
            appended = await store.append_streams(appends, metadata=metadata)
        except ConcurrencyError:
            if expected is not None:  # the version the client named was overtaken
                raise PreconditionFailed(primary, expected, await store.version(primary)) from None
            if attempt == attempts - 1:
                raise
            continue
        mine = [env for env in appended if env.subject == primary]
        return CommandResult(primary, current + len(mine), mine)
    raise AssertionError("unreachable")
