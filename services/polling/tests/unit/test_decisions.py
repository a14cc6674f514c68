"""Decisions through servicekit's execute on the in-memory event store: creation rules,
opening and closing exactly once, open ballots, credentials, ballot validation."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from collab_events.polling import PollClosed, PollCreated, PollOption, PollResults
from polling_service.domain import decide as rules
from polling_service.domain import errors
from polling_service.domain.ballots import Ballot, validate
from polling_service.domain.commands import (
    CastOpenBallot,
    ClosePoll,
    CreatePoll,
    Electorate,
    EndVoting,
    OpenPoll,
    TakePart,
)
from polling_service.domain.decide import VoterContext
from polling_service.domain.model import POLL, Caller, PollState, VoterState
from polling_service.domain.pseudonyms import Pseudonyms
from polling_service.domain.streams import poll_subject
from servicekit.commands import execute, one_stream
from servicekit.memorystore import InMemoryEventStore

NOW = datetime(2030, 1, 1, tzinfo=UTC)
OWNER = Caller("owner")


def definition(**fields: object) -> PollCreated:
    opts = [PollOption(id=f"o{i}", label=str(i)) for i in (1, 2, 3)]
    values: dict[str, object] = dict(
        poll_id="p", owner_id="owner", question="?", options=opts, group_id="g",
        closes_at="2030-01-02T00:00:00Z",
    )  # fmt: skip
    return PollCreated.model_validate({**values, **fields})


def run(store: InMemoryEventStore, decide, command):  # type: ignore[no-untyped-def]
    handler = one_stream(POLL, lambda c: poll_subject("p"), decide, store)
    return execute(store, handler, command)


async def test_poll_lifecycle_happens_once_each_even_when_raced() -> None:
    store = InMemoryEventStore()
    await run(store, rules.decide_create, CreatePoll(definition(), OWNER, NOW))
    await run(store, rules.decide_create, CreatePoll(definition(), OWNER, NOW))  # a retry
    opens = [OpenPoll("p", NOW, Electorate(f"el-{i}", 2, "0" * 64)) for i in range(2)]
    await asyncio.gather(*(run(store, rules.decide_open, c) for c in opens))
    late = NOW + timedelta(days=2)
    early = await run(store, rules.decide_end, EndVoting("p", NOW))  # deadline not reached
    assert not early.decision.changes
    await asyncio.gather(*(run(store, rules.decide_end, EndVoting("p", late)) for _ in range(2)))
    results = PollResults(ballots=0, abstentions=0, eligible=2)
    closed = PollClosed(
        poll_id="p", results=results, ballot_count=0, credential_count=0, ballot_digest="0" * 64
    )
    await asyncio.gather(
        *(run(store, rules.decide_close, ClosePoll("p", closed)) for _ in range(2))
    )
    types = [r.event.name for r in await store.load(poll_subject("p"))]
    assert types == ["created", "opened", "voting_ended", "closed"]


@pytest.mark.parametrize(
    "fields",
    [
        {"closes_at": "2029-12-31T00:00:00Z"},
        {"group_id": None},
        {"audience": {"everyone": True}},
        {"kind": "multiple", "min_choices": 3, "max_choices": 2},
        {"kind": "multiple", "max_choices": 4},
    ],
)
def test_inconsistent_definitions_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(errors.InvalidPoll):
        rules.decide_create(CreatePoll(definition(**fields), OWNER, NOW), PollState())


def opened(**fields: object) -> PollState:
    state = POLL.fold([definition(**fields)])
    return POLL.evolve(
        state,
        rules.decide_open(OpenPoll("p", NOW, Electorate("el", 1, "0" * 64)), state).events(
            "poll:p"
        )[0],
    )


def ctx(state: PollState, *, eligible: bool = True, voted: bool = False) -> VoterContext:
    return VoterContext(state, VoterState(voted), eligible, 1 if voted else 0)


def cast(ballot: Ballot) -> CastOpenBallot:
    return CastOpenBallot("p", Caller("ann"), ballot, "r", NOW, "b-ann", "v-ann")


def test_open_ballot_first_cast_records_the_turnout_and_a_change_only_when_allowed() -> None:
    first = rules.decide_cast_open(cast(Ballot.of(choice=["o1"])), ctx(opened()))
    assert [e.name for e in first.events("poll:p/ballot:b-ann")] == ["ballot_cast"]
    assert [e.name for e in first.events("poll:p/voter:v-ann")] == ["credential_issued"]
    with pytest.raises(errors.AlreadyVoted):
        rules.decide_cast_open(cast(Ballot.of(choice=["o2"])), ctx(opened(), voted=True))
    change = rules.decide_cast_open(
        cast(Ballot.of(choice=["o2"])), ctx(opened(allow_change=True), voted=True)
    )
    assert [e.name for e in change.events("poll:p/ballot:b-ann")] == ["vote_changed"]
    assert not change.events("poll:p/voter:v-ann")
    with pytest.raises(errors.NotEligible):
        rules.decide_cast_open(cast(Ballot.of(choice=["o1"])), ctx(opened(), eligible=False))
    with pytest.raises(errors.PollNotOpen):
        rules.decide_cast_open(cast(Ballot.of(choice=["o1"])), ctx(POLL.fold([definition()])))


def test_one_credential_per_voter_and_the_same_request_again_changes_nothing() -> None:
    state = opened(secrecy="secret")
    take = TakePart("p", Caller("ann"), NOW, "v-ann", blinded_digest="a" * 64)
    assert rules.decide_take_part(take, ctx(state)).events("poll:p/voter:v-ann")
    again = VoterContext(state, VoterState(True, "a" * 64), True)
    assert not rules.decide_take_part(take, again).changes
    other = TakePart("p", Caller("ann"), NOW, "v-ann", blinded_digest="b" * 64)
    with pytest.raises(errors.CredentialAlreadyIssued):
        rules.decide_take_part(other, again)
    with pytest.raises(errors.WrongSecrecy):
        rules.decide_take_part(take, ctx(opened()))


@pytest.mark.parametrize(
    ("kind", "ballot"),
    [
        ("single", Ballot.of(choice=["o1", "o2"])),
        ("single", Ballot.of(choice=["o9"])),
        ("single", Ballot.of(ranking=["o1"])),
        ("multiple", Ballot.of(choice=["o1", "o1"])),
        ("ranked", Ballot.of(choice=["o1"])),
        ("rating", Ballot.of(ratings={})),
        ("single", Ballot(abstain=True)),
        ("single", Ballot(choice=("o1",), abstain=True)),
    ],
)
def test_ballots_that_do_not_fit_are_refused(kind: str, ballot: Ballot) -> None:
    extra = {"max_choices": 2} if kind == "multiple" else {}
    with pytest.raises(errors.InvalidBallot):
        validate(definition(kind=kind, **extra), ballot)


def test_voter_streams_and_open_ballots_are_named_by_keyed_pseudonyms() -> None:
    names, other_key = Pseudonyms.from_secret("s1"), Pseudonyms.from_secret("s2")
    voter, ballot = names.voter("p", "ann"), names.open_ballot("p", "ann")
    assert voter == names.voter("p", "ann") and len(voter) == 32  # stable: one per voter
    assert "ann" not in voter and voter != ballot  # neither names her; they differ
    assert voter != names.voter("q", "ann") and voter != names.voter("p", "bob")
    assert voter != other_key.voter("p", "ann")  # nobody without the key can compute it
    plain = hashlib.sha256(b"p\nann").hexdigest()[:32]
    assert plain not in (voter, ballot)
