"""Commands: one frozen dataclass per use case, with every input its decision needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from collab_events.polling import PollClosed, PollCreated

from polling_service.domain.ballots import Ballot
from polling_service.domain.model import Caller


@dataclass(frozen=True, slots=True)
class CreatePoll:
    """Define a poll (the definition is the event it becomes); ``now`` checks its times."""

    definition: PollCreated
    caller: Caller
    now: datetime


@dataclass(frozen=True, slots=True)
class Electorate:
    """A frozen list of who may vote, stored under ``electorate_id``."""

    electorate_id: str
    count: int
    digest: str


@dataclass(frozen=True, slots=True)
class OpenPoll:
    """Open a scheduled poll whose time has come, with the electorate taken just now."""

    poll_id: str
    now: datetime
    electorate: Electorate


@dataclass(frozen=True, slots=True)
class EndVoting:
    """Stop accepting ballots: at the deadline (no caller) or an owner's early close."""

    poll_id: str
    now: datetime
    caller: Caller | None = None

    @property
    def reason(self) -> Literal["deadline", "owner"]:
        """Why voting ends."""
        return "deadline" if self.caller is None else "owner"


@dataclass(frozen=True, slots=True)
class ClosePoll:
    """Publish the final result of a poll whose voting ended."""

    poll_id: str
    closed: PollClosed


@dataclass(frozen=True, slots=True)
class CancelPoll:
    """Cancel a poll that has not closed (owner or platform admin)."""

    poll_id: str
    caller: Caller
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CastOpenBallot:
    """An employee's ballot in an ``open`` poll (``receipt``: the hash the voter keeps;
    ``ballot_id`` and ``voter_key``: the voter's pseudonyms in this poll)."""

    poll_id: str
    caller: Caller
    ballot: Ballot
    receipt: str
    now: datetime
    ballot_id: str
    voter_key: str


@dataclass(frozen=True, slots=True)
class TakePart:
    """Record an employee's participation: a secret poll's credential (``blinded_digest``)
    or an anonymous poll's first ballot (none); ``voter_key`` names the voter stream."""

    poll_id: str
    caller: Caller
    now: datetime
    voter_key: str
    blinded_digest: str | None = None
