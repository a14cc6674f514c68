"""The one command path, on the in-memory event store: no servers needed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from servicekit.commands import (
    CommandHandler,
    Decision,
    Loaded,
    PreconditionFailed,
    execute,
    load_state,
    one_stream,
)
from servicekit.eventstore import ConcurrencyError
from servicekit.memorystore import InMemoryEventStore
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyClaimed, TallyIncremented, TallyOpened
from servicekit.testing.sample_api import (
    TALLY,
    IncrementTally,
    OpenTally,
    decide_increment,
    decide_open,
    tally_subject,
)


@pytest.fixture
def store() -> InMemoryEventStore:
    return InMemoryEventStore(SAMPLE_REGISTRY)


async def test_decide_then_append_and_a_repeat_changes_nothing(store) -> None:
    handler = one_stream(TALLY, tally_subject, decide_open, store)
    first = await execute(store, handler, OpenTally("a"))
    again = await execute(store, handler, OpenTally("a"))
    assert (first.result.version, first.result.consistency_token) == (1, "tally:a@1")
    assert (again.result.version, again.result.events, again.decision.empty) == (1, [], True)
    assert [r.event for r in await store.load("tally:a")] == [TallyOpened(label="a")]


async def test_domain_errors_pass_through_and_nothing_is_stored(store) -> None:
    handler = one_stream(TALLY, tally_subject, decide_increment, store)
    with pytest.raises(LookupError):
        await execute(store, handler, IncrementTally("missing", by=1))
    assert store.envelopes == []


async def test_concurrent_commands_all_land_by_retrying_on_fresh_state(store) -> None:
    await execute(store, one_stream(TALLY, tally_subject, decide_open, store), OpenTally("c"))
    handler = one_stream(TALLY, tally_subject, decide_increment, store)
    await asyncio.gather(*(execute(store, handler, IncrementTally("c", by=1)) for _ in range(10)))
    assert await store.version("tally:c") == 11


async def test_if_match_mismatch_is_precondition_failed(store) -> None:
    await execute(store, one_stream(TALLY, tally_subject, decide_open, store), OpenTally("m"))
    handler = one_stream(TALLY, tally_subject, decide_increment, store)
    await execute(store, handler, IncrementTally("m", by=1), expected_version=1)
    with pytest.raises(PreconditionFailed) as caught:
        await execute(store, handler, IncrementTally("m", by=1), expected_version=1)
    assert (caught.value.expected, caught.value.actual) == (1, 2)


@dataclass(frozen=True)
class ClaimAll:
    """A command over two streams: claim tally ``a`` and ``b`` for one owner."""

    owner: str


def claim_both(command: ClaimAll, state: dict[str, bool]) -> Decision:
    decision = Decision()
    for subject, claimed in state.items():
        if not claimed:
            decision = decision.plus(subject, TallyClaimed(owner_id=command.owner))
    return decision


def two_streams(store: InMemoryEventStore, delay: asyncio.Event | None = None) -> CommandHandler:
    async def load(command: ClaimAll) -> Loaded[dict[str, bool]]:
        state, versions = {}, {}
        for subject in ("tally:a", "tally:b"):
            state[subject], versions[subject] = await load_state(store, subject, TALLY)
        if delay is not None:
            await delay.wait()
        return Loaded(state, versions)

    return CommandHandler(load=load, decide=claim_both, primary=lambda c: "tally:a")


async def test_a_decision_over_several_streams_is_appended_atomically(store) -> None:
    outcome = await execute(store, two_streams(store), ClaimAll("e-1"))
    assert outcome.result.version == 1 and len(outcome.result.events) == 1
    assert {e.subject for e in store.envelopes} == {"tally:a", "tally:b"}
    again = await execute(store, two_streams(store), ClaimAll("e-2"))
    assert again.decision.empty and len(store.envelopes) == 2


async def test_a_conflict_on_a_secondary_stream_is_retried_even_with_if_match(store) -> None:
    gate = asyncio.Event()
    running = asyncio.create_task(
        execute(store, two_streams(store, gate), ClaimAll("e-1"), expected_version=0)
    )
    await asyncio.sleep(0)
    await store.append("tally:b", [TallyOpened(label="b")], expected_version=0)  # moves b only
    gate.set()
    outcome = await running
    assert outcome.result.version == 1  # decided again on fresh state, not a 412
    assert await store.version("tally:b") == 1  # b was taken meanwhile: claimed no more


class RecordingHook:
    def __init__(self, refuse: bool = False) -> None:
        self.calls: list[str] = []
        self.refuse = refuse

    async def before(self, state: object, decision: Decision) -> None:
        self.calls.append("before")
        if self.refuse:
            raise PermissionError("claim taken")

    async def failed(self, state: object, decision: Decision) -> None:
        self.calls.append("failed")

    async def after(self, state: object, decision: Decision) -> None:
        self.calls.append("after")


async def test_hooks_run_around_the_append_and_are_undone_on_failure(store) -> None:
    ok, refusing = RecordingHook(), RecordingHook(refuse=True)
    handler = one_stream(TALLY, tally_subject, decide_open, store, hooks=[ok])
    await execute(store, handler, OpenTally("h"))
    assert ok.calls == ["before", "after"]
    ok.calls.clear()
    handler = one_stream(TALLY, tally_subject, decide_open, store, hooks=[ok, refusing])
    with pytest.raises(PermissionError):
        await execute(store, handler, OpenTally("i"))
    assert ok.calls == ["before", "failed"] and await store.version("tally:i") == 0


async def test_hooks_are_undone_when_the_append_conflicts_every_time(store) -> None:
    hook = RecordingHook()

    async def stale(command: OpenTally) -> Loaded[bool]:
        return Loaded(False, {tally_subject(command): 0})

    await store.append("tally:s", [TallyIncremented(by=1)], expected_version=0)
    handler = CommandHandler(load=stale, decide=decide_open, primary=tally_subject, hooks=[hook])
    with pytest.raises(ConcurrencyError):
        await execute(store, handler, OpenTally("s"), attempts=2)
    assert hook.calls == ["before", "failed", "before", "failed"]


async def test_a_domain_refusal_comes_before_if_match(store) -> None:
    """A stale If-Match on something the decision refuses answers the refusal, not 412."""
    handler = one_stream(TALLY, tally_subject, decide_increment, store)
    with pytest.raises(LookupError):
        await execute(store, handler, IncrementTally("hidden", by=1), expected_version=7)
