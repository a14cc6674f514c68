"""Events of the polling service: the poll lifecycle, credentials and ballots.

Streams: ``poll:<p>`` holds a poll's definition and lifecycle (created, opened,
voting ended, closed or cancelled); ``poll:<p>/voter:<v>`` holds one eligible
employee's participation in one poll (``BallotCredentialIssued``: the turnout
record; ``v`` is a keyed pseudonym of the employee, never their id);
``poll:<p>/ballot:<b>`` holds one ballot, named by a ballot id that is never an
employee id (``open`` polls: another keyed pseudonym of the voter). Only the
credential and ``open`` ballots name the voter, in their payload, which the event
store redacts when the employee is erased.

Secrecy (``PollCreated.secrecy``):

- ``open``: ballots are appended when cast, with the voter's id.
- ``anonymous`` and ``secret``: ballots are kept out of the event log while voting
  runs and published only when the poll closes, all at once, in the order of their
  ballot ids (hashes), with no voter id, no actor and no time finer than
  ``cast_bucket``: neither their order, their timestamps nor their envelopes follow
  the order in which credentials were issued or ballots were cast. For ``secret``
  polls the ballot id is the SHA-256 of an RFC 9474 token that the service signed
  blindly: not even the service can tell which credential a ballot came from.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from collab_events.base import Event
from collab_events.registry import REGISTRY

PollKind = Literal["single", "multiple", "ranked", "rating"]
Secrecy = Literal["open", "anonymous", "secret"]
ResultsVisibility = Literal["always", "after_vote", "after_close", "owners"]
OPTION_ID_PATTERN = r"^o[0-9]{1,2}$"
OptionId = Annotated[str, Field(pattern=OPTION_ID_PATTERN, max_length=3)]
Rating = Annotated[int, Field(ge=1, le=5)]
_ID = Field(min_length=1, max_length=64)
_B64 = r"^[A-Za-z0-9_-]*$"
MAX_OPTIONS = 50
MAX_CRITERIA = 100
_Value = Annotated[str, Field(min_length=1, max_length=120)]


# What a stored event's voter id reads as once the event store redacted it on the
# employee's erasure (``EventStore.redact`` leaves ``{}`` in the field).
ERASED_EMPLOYEE = "erased"


def _redacted(value: object, replacement: str | None) -> object:
    return replacement if value == {} else value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class PollOption(_Frozen):
    """One answer (or candidate) of a poll."""

    id: OptionId
    label: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)


class AudienceCriteria(_Frozen):
    """Lists of facts; a person matches when any list holds one of theirs."""

    countries: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    departments: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    locations: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    languages: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    groups: list[Annotated[str, _ID]] = Field(default_factory=list, max_length=MAX_CRITERIA)
    employees: list[Annotated[str, _ID]] = Field(default_factory=list, max_length=1000)


class PollAudience(_Frozen):
    """Who may vote in a poll that is not a group's (frozen when it opens)."""

    everyone: bool = False
    include: AudienceCriteria = AudienceCriteria()
    exclude: AudienceCriteria = AudienceCriteria()


class BallotKey(_Frozen):
    """The public half of a secret poll's RSA key (RFC 7517 JWK members, base64url)."""

    kty: Literal["RSA"] = "RSA"
    n: str = Field(min_length=1, max_length=1400, pattern=_B64)
    e: str = Field(min_length=1, max_length=12, pattern=_B64)


class _PollEvent(Event):
    service: ClassVar[str] = "polling"
    poll_id: str = _ID


@REGISTRY.register
class PollCreated(_PollEvent):
    """A poll was defined; it opens at ``opens_at`` (or at once when null).

    Exactly one of ``group_id`` (its active members vote) and ``audience`` is set.
    ``quorum_percent``: the turnout (ballots, abstentions included, over the eligible)
    the result needs to be valid. ``ballot_key`` is set for ``secret`` polls only; its
    private half never appears in any event.
    """

    name: ClassVar[str] = "created"
    owner_id: str = _ID
    question: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=5000)
    options: list[PollOption] = Field(min_length=2, max_length=MAX_OPTIONS)
    kind: PollKind = "single"
    min_choices: int = Field(default=1, ge=1, le=MAX_OPTIONS)
    max_choices: int = Field(default=1, ge=1, le=MAX_OPTIONS)
    abstain: bool = False
    quorum_percent: int | None = Field(default=None, ge=1, le=100)
    group_id: str | None = Field(default=None, min_length=1, max_length=64)
    audience: PollAudience | None = None
    attached_to: str | None = Field(default=None, max_length=200)
    opens_at: str | None = Field(default=None, max_length=40)
    closes_at: str = Field(max_length=40)
    results_visibility: ResultsVisibility = "after_close"
    allow_change: bool = False
    secrecy: Secrecy = "open"
    ballot_key: BallotKey | None = None

    @classmethod
    def example(cls) -> PollCreated:
        return cls(
            poll_id="p-1",
            owner_id="e-1001",
            question="Where do we hold the offsite?",
            options=[PollOption(id="o1", label="Lisbon"), PollOption(id="o2", label="Oslo")],
            group_id="g-1",
            closes_at="2026-03-08T12:00:00Z",
        )


@REGISTRY.register
class PollOpened(_PollEvent):
    """Voting started. The electorate was frozen: ``eligible_count`` people, listed in the
    service's store under ``electorate_id``; ``eligible_digest`` is the SHA-256 (hex) of
    their sorted ids joined by newlines, so the list cannot change unnoticed."""

    name: ClassVar[str] = "opened"
    eligible_count: int = Field(ge=0)
    eligible_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    electorate_id: str = _ID

    @classmethod
    def example(cls) -> PollOpened:
        return cls(poll_id="p-1", eligible_count=2, eligible_digest="0" * 64, electorate_id="el-1")


@REGISTRY.register
class PollVotingEnded(_PollEvent):
    """No more ballots are accepted: the deadline passed or an owner closed it early."""

    name: ClassVar[str] = "voting_ended"
    reason: Literal["deadline", "owner"] = "deadline"

    @classmethod
    def example(cls) -> PollVotingEnded:
        return cls(poll_id="p-1", reason="owner")


@REGISTRY.register
class BallotCredentialIssued(_PollEvent):
    """The employee took part (stream ``poll:<p>/voter:<pseudonym>``): the turnout record.

    For ``secret`` polls it is the blind signature the employee received;
    ``blinded_digest`` (SHA-256 of the blinded message, which the RSA blinding makes
    independent of the token) lets a lost answer be fetched again, never a second
    credential. It names no choice and nothing that leads to one; for ``open`` and
    ``anonymous`` polls it is written with the employee's first ballot.
    """

    name: ClassVar[str] = "credential_issued"
    employee_id: str = _ID
    blinded_digest: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @field_validator("employee_id", mode="before")
    @classmethod
    def _erased(cls, value: object) -> object:
        """A stored event redacted on the employee's erasure names ``erased``."""
        return _redacted(value, ERASED_EMPLOYEE)

    @classmethod
    def example(cls) -> BallotCredentialIssued:
        return cls(poll_id="p-1", employee_id="e-1002")


class _BallotEvent(_PollEvent):
    """One ballot: exactly one of choice, ranking, ratings or abstain is given."""

    ballot_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    receipt: str = Field(min_length=1, max_length=64, pattern=_B64)
    choice: list[OptionId] | None = Field(default=None, max_length=MAX_OPTIONS)
    ranking: list[OptionId] | None = Field(default=None, max_length=MAX_OPTIONS)
    ratings: dict[OptionId, Rating] | None = Field(default=None, max_length=MAX_OPTIONS)
    abstain: bool = False
    voter_id: str | None = Field(default=None, min_length=1, max_length=64)
    token: str | None = Field(default=None, max_length=1400, pattern=_B64)
    signature: str | None = Field(default=None, max_length=1400, pattern=_B64)
    cast_bucket: str | None = Field(default=None, max_length=40)

    @field_validator("voter_id", mode="before")
    @classmethod
    def _erased(cls, value: object) -> object:
        """A stored open ballot redacted on its voter's erasure has no voter."""
        return _redacted(value, None)


@REGISTRY.register
class BallotCast(_BallotEvent):
    """A ballot (stream ``poll:<p>/ballot:<ballot_id>``).

    ``voter_id`` is set in ``open`` polls only. ``anonymous`` and ``secret`` ballots are
    appended when the poll closes, never when cast, sorted by ballot id, with no actor:
    for ``secret`` the ballot id is SHA-256(token) in hex and ``token`` and
    ``signature`` (RFC 9474, RSABSSA-SHA384-PSS-Randomized) let anyone check it against
    the poll's ``ballot_key``. ``cast_bucket`` is the start of the hour (configurable)
    it was cast in, the finest time a secret ballot keeps.
    """

    name: ClassVar[str] = "ballot_cast"

    @classmethod
    def example(cls) -> BallotCast:
        return cls(
            poll_id="p-1", ballot_id="e-1002", receipt="q2v9xk", choice=["o1"], voter_id="e-1002"
        )


@REGISTRY.register
class VoteChanged(_BallotEvent):
    """An ``open`` poll's voter replaced their ballot (``allow_change``); the newest counts.

    ``anonymous`` and ``secret`` polls publish only each ballot's final version.
    """

    name: ClassVar[str] = "vote_changed"

    @classmethod
    def example(cls) -> VoteChanged:
        return cls(
            poll_id="p-1", ballot_id="e-1002", receipt="z81kd0", choice=["o2"], voter_id="e-1002"
        )


class IrvRound(_Frozen):
    """One instant-runoff round: each continuing candidate's votes and who left."""

    counts: dict[OptionId, int] = Field(max_length=MAX_OPTIONS)
    continuing_ballots: int = Field(ge=0)
    exhausted: int = Field(ge=0)
    eliminated: list[OptionId] = Field(default_factory=list, max_length=MAX_OPTIONS)


class RatingSummary(_Frozen):
    """How one option was rated: mean (null when unrated) and counts of 1..5."""

    mean: float | None = None
    distribution: list[int] = Field(min_length=5, max_length=5)


class PollResults(_Frozen):
    """A tally: counts and percentages, IRV rounds (ranked), ratings (rating), quorum."""

    ballots: int = Field(ge=0)
    abstentions: int = Field(ge=0)
    eligible: int = Field(ge=0)
    counts: dict[OptionId, int] = Field(default_factory=dict, max_length=MAX_OPTIONS)
    percentages: dict[OptionId, float] = Field(default_factory=dict, max_length=MAX_OPTIONS)
    rounds: list[IrvRound] = Field(default_factory=list, max_length=MAX_OPTIONS)
    ratings: dict[OptionId, RatingSummary] = Field(default_factory=dict, max_length=MAX_OPTIONS)
    winners: list[OptionId] = Field(default_factory=list, max_length=MAX_OPTIONS)
    tie: bool = False
    quorum_met: bool = True


@REGISTRY.register
class PollClosed(_PollEvent):
    """The final result. ``ballot_digest``: SHA-256 (hex) over the published ballot list
    (one canonical line per ballot, sorted by ballot id), recomputable by anyone who may
    read it; ``ballot_count <= credential_count`` for every honest poll."""

    name: ClassVar[str] = "closed"
    results: PollResults
    ballot_count: int = Field(ge=0)
    credential_count: int = Field(ge=0)
    ballot_digest: str = Field(pattern=r"^[0-9a-f]{64}$")

    @classmethod
    def example(cls) -> PollClosed:
        results = PollResults(
            ballots=1, abstentions=0, eligible=2, counts={"o1": 1, "o2": 0}, winners=["o1"]
        )
        return cls(
            poll_id="p-1",
            results=results,
            ballot_count=1,
            credential_count=1,
            ballot_digest="0" * 64,
        )


@REGISTRY.register
class PollCancelled(_PollEvent):
    """The owner (or a platform admin) cancelled the poll: no result is published."""

    name: ClassVar[str] = "cancelled"
    reason: str = Field(default="", max_length=500)

    @classmethod
    def example(cls) -> PollCancelled:
        return cls(poll_id="p-1", reason="Duplicate of another poll")
