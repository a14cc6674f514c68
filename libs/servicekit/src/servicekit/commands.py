"""The command path of every service: load -> decide -> append, with optimistic concurrency.

A use case is a ``CommandHandler``: how to load the state a command needs (with
the version of every stream it may append to), a pure ``decide(command, state)
-> Decision`` (the new events per stream), and the subject the caller's result
describes. ``execute`` appends a decision's streams in one atomic write at the
versions it was taken on. A concurrency conflict loads fresh state and decides
again; with ``expected_version`` (If-Match) a moved primary stream is final, checked
after the decision so that domain refusals come first.

Hooks run around the append for what the event store cannot check alone (a
unique claim such as a userName, a check over other streams): ``before`` may
refuse with a domain error, ``failed`` undoes it when the append does not
happen, ``after`` finishes once it did.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from collab_events import CloudEvent, Event

from servicekit.streams import ConcurrencyError, EventStorePort, Metadata, StreamAppend

S = TypeVar("S")
C = TypeVar("C")
S_contra = TypeVar("S_contra", contravariant=True)


class PreconditionFailed(Exception):
    """The stream is not at the version the client said it edited (If-Match)."""

    def __init__(self, subject: str, expected: int, actual: int) -> None:
        super().__init__(f"{subject}: client had version {expected}, current is {actual}")
        self.subject, self.expected, self.actual = subject, expected, actual


@dataclass(frozen=True, slots=True)
class Decision:
    """What a command decided: the new events of each stream (none: an idempotent repeat)."""

    changes: Mapping[str, Sequence[Event]] = field(default_factory=dict)

    @classmethod
    def of(cls, subject: str, *events: Event) -> Decision:
        """Events for one stream."""
        return cls({subject: events} if events else {})

    def plus(self, subject: str, *events: Event) -> Decision:
        """This decision and ``events`` appended to ``subject`` too."""
        if not events:
            return self
        merged = {**self.changes, subject: (*self.changes.get(subject, ()), *events)}
        return Decision(merged)

    def events(self, subject: str) -> Sequence[Event]:
        """The new events of one stream."""
        return self.changes.get(subject, ())

    @property
    def empty(self) -> bool:
        """True when nothing changes."""
        return not any(self.changes.values())


NO_CHANGE = Decision()


@dataclass(frozen=True, slots=True)
class Loaded(Generic[S]):
    """The state a decision needs and the version of every stream it may append to.

    A stream missing from ``versions`` is appended to as a new stream (version 0).
    """

    state: S
    versions: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class CommandResult:
    """The primary stream's new version and the events the command appended to it."""

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


@dataclass(frozen=True, slots=True)
class Outcome(Generic[S]):
    """What ``execute`` did: the result, the state decided on and the decision."""

    result: CommandResult
    state: S
    decision: Decision


class AppendHook(Protocol[S_contra]):
    """Work around an append that the event store's own check cannot do."""

    async def before(self, state: S_contra, decision: Decision) -> None:
        """Run before the append; raise a domain error to refuse."""

    async def failed(self, state: S_contra, decision: Decision) -> None:
        """Undo ``before``: the append did not happen."""

    async def after(self, state: S_contra, decision: Decision) -> None:
        """Finish once the append happened."""


@dataclass(frozen=True)
class CommandHandler(Generic[C, S]):
    """One use case: load, decide, and the stream the caller's result is about."""

    load: Callable[[C], Awaitable[Loaded[S]]]
    decide: Callable[[C, S], Decision]
    primary: Callable[[C], str]
    hooks: Sequence[AppendHook[S]] = ()


async def execute(
    store: EventStorePort,
    handler: CommandHandler[C, S],
    command: C,
    *,
    metadata: Metadata | None = None,
    expected_version: int | None = None,
    attempts: int = 8,
) -> Outcome[S]:
    """Run ``command``: load, decide, append atomically; retry a conflict on fresh state."""
    primary = handler.primary(command)
    for attempt in range(attempts):
        loaded = await handler.load(command)
        current = loaded.versions.get(primary, 0)
        # Decide before checking If-Match: a domain refusal (e.g. a hidden resource's 404)
        # comes first, so a 412 never reveals the version of what the caller may not see.
        decision = handler.decide(command, loaded.state)
        if expected_version is not None and expected_version != current:
            raise PreconditionFailed(primary, expected_version, current)
        if decision.empty:
            return Outcome(CommandResult(primary, current, []), loaded.state, decision)
        try:
            appended = await _append(store, handler.hooks, loaded, decision, metadata)
        except ConcurrencyError as exc:
            if expected_version is not None:  # the client's version overtaken meanwhile: 412
                actual = await store.version(primary)
                if actual != expected_version:
                    raise PreconditionFailed(primary, expected_version, actual) from exc
            if attempt == attempts - 1:
                raise
            continue
        mine = [e for e in appended if e.subject == primary]
        return Outcome(CommandResult(primary, current + len(mine), mine), loaded.state, decision)
    raise AssertionError("unreachable")


async def _append(
    store: EventStorePort,
    hooks: Sequence[AppendHook[S]],
    loaded: Loaded[S],
    decision: Decision,
    metadata: Metadata | None,
) -> list[CloudEvent]:
    appends = [
        StreamAppend(subject, loaded.versions.get(subject, 0), events)
        for subject, events in decision.changes.items()
        if events
    ]
    done: list[AppendHook[S]] = []
    try:
        for hook in hooks:
            await hook.before(loaded.state, decision)
            done.append(hook)
        appended = await store.append_streams(appends, metadata=metadata)
    except BaseException:
        for hook in reversed(done):
            await hook.failed(loaded.state, decision)
        raise
    for hook in hooks:
        await hook.after(loaded.state, decision)
    return appended


@dataclass(frozen=True)
class Aggregate(Generic[S]):
    """How to rebuild one kind of stream's state from its events."""

    initial: Callable[[], S]
    evolve: Callable[[S, Event], S]

    def fold(self, events: Sequence[Event], state: S | None = None) -> S:
        """The state after ``events`` (from ``state``, else the initial state)."""
        current = self.initial() if state is None else state
        for event in events:
            current = self.evolve(current, event)
        return current


async def load_state(store: EventStorePort, subject: str, aggregate: Aggregate[S]) -> tuple[S, int]:
    """The folded state of a stream and its version."""
    state, version = aggregate.initial(), 0
    for recorded in await store.load(subject):
        state, version = aggregate.evolve(state, recorded.event), recorded.envelope.streamversion
    return state, version


def one_stream(
    aggregate: Aggregate[S],
    subject: Callable[[C], str],
    decide: Callable[[C, S], Decision],
    store: EventStorePort,
    hooks: Sequence[AppendHook[S]] = (),
) -> CommandHandler[C, S]:
    """The handler of a use case that reads and writes one stream."""

    async def load(command: C) -> Loaded[S]:
        state, version = await load_state(store, subject(command), aggregate)
        return Loaded(state, {subject(command): version})

    return CommandHandler(load=load, decide=decide, primary=subject, hooks=hooks)
