"""Poll and voter state, folded from their streams, and the caller."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from collab_events import Event
from collab_events.polling import (
    BallotCredentialIssued,
    PollCancelled,
    PollClosed,
    PollCreated,
    PollOpened,
    PollVotingEnded,
)
from servicekit.commands import Aggregate

Status = Literal["none", "scheduled", "open", "ended", "closed", "cancelled"]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks: an employee, maybe a platform admin, maybe with other token roles."""

    employee_id: str
    admin: bool = False
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PollState:
    """A poll's definition (its creation event) and where its lifecycle stands."""

    created: PollCreated | None = None
    status: Status = "none"
    opened: PollOpened | None = None
    closed: PollClosed | None = None

    @property
    def poll(self) -> PollCreated:
        """The definition; only for a poll that exists."""
        assert self.created is not None
        return self.created

    def is_owner(self, caller: Caller) -> bool:
        """Owners manage the poll and see what its visibility gives owners."""
        return self.created is not None and self.created.owner_id == caller.employee_id

    def accepts_ballots(self, now: datetime) -> bool:
        """Open, and its deadline not passed."""
        return self.status == "open" and now < parse_time(self.poll.closes_at)


def parse_time(value: str) -> datetime:
    """An ISO 8601 time of an event (always with a zone)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_time(value: datetime) -> str:
    """The ISO 8601 form events keep (UTC, seconds, ``Z``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def evolve_poll(state: PollState, event: Event) -> PollState:
    """The poll after one of its events."""
    match event:
        case PollCreated():
            return PollState(created=event, status="scheduled")
        case PollOpened():
            return replace(state, status="open", opened=event)
        case PollVotingEnded():
            return replace(state, status="ended")
        case PollClosed():
            return replace(state, status="closed", closed=event)
        case PollCancelled():
            return replace(state, status="cancelled")
    return state


@dataclass(frozen=True, slots=True)
class VoterState:
    """Whether the employee took part, and the blinded message they were signed for."""

    credential: bool = False
    blinded_digest: str | None = None


def evolve_voter(state: VoterState, event: Event) -> VoterState:
    """The voter after their credential."""
    if isinstance(event, BallotCredentialIssued):
        return VoterState(True, event.blinded_digest)
    return state


POLL = Aggregate(PollState, evolve_poll)
VOTER = Aggregate(VoterState, evolve_voter)
