"""One ballot shape for every kind, its validation, canonical form, receipt and digest line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from collab_events.polling import PollCreated

from polling_service.blindrsa.keys import b64url
from polling_service.domain.errors import InvalidBallot


@dataclass(frozen=True, slots=True)
class Ballot:
    """Exactly one of: ``choice`` (single, multiple), ``ranking`` (best first), ``ratings``
    (option -> 1..5), ``abstain``."""

    choice: tuple[str, ...] | None = None
    ranking: tuple[str, ...] | None = None
    ratings: tuple[tuple[str, int], ...] | None = None
    abstain: bool = False

    @classmethod
    def of(
        cls,
        choice: Iterable[str] | None = None,
        ranking: Iterable[str] | None = None,
        ratings: Mapping[str, int] | None = None,
        abstain: bool = False,
    ) -> Ballot:
        """From the API's or an event's fields."""
        return cls(
            None if choice is None else tuple(choice),
            None if ranking is None else tuple(ranking),
            None if ratings is None else tuple(sorted(ratings.items())),
            abstain,
        )

    def fields(self) -> dict[str, object]:
        """The event/API fields of this ballot (only the one that is set)."""
        if self.abstain:
            return {"abstain": True}
        if self.choice is not None:
            return {"choice": list(self.choice)}
        if self.ranking is not None:
            return {"ranking": list(self.ranking)}
        return {"ratings": dict(self.ratings or ())}

    def canonical(self) -> str:
        """The ballot as compact JSON with sorted keys (what receipts and digests hash)."""
        return json.dumps(self.fields(), sort_keys=True, separators=(",", ":"))


def validate(poll: PollCreated, ballot: Ballot) -> Ballot:
    """The ballot if it fits the poll; InvalidBallot says why not."""
    given = [ballot.choice is not None, ballot.ranking is not None, ballot.ratings is not None]
    if sum(given) + ballot.abstain != 1:
        raise InvalidBallot("give exactly one of choice, ranking, ratings or abstain")
    if ballot.abstain:
        if not poll.abstain:
            raise InvalidBallot("this poll has no abstain option")
        return ballot
    expected = {"single": 0, "multiple": 0, "ranked": 1, "rating": 2}[poll.kind]
    if not given[expected]:
        raise InvalidBallot(
            f"a {poll.kind} poll takes {['choice', 'ranking', 'ratings'][expected]}"
        )
    _check_options(poll, ballot)
    return ballot


def _check_options(poll: PollCreated, ballot: Ballot) -> None:
    known = {o.id for o in poll.options}
    picked = list(ballot.choice or ballot.ranking or [k for k, _ in ballot.ratings or ()])
    if not set(picked) <= known:
        raise InvalidBallot(f"unknown options: {sorted(set(picked) - known)}")
    if len(set(picked)) != len(picked):
        raise InvalidBallot("an option appears twice")
    if not picked:
        raise InvalidBallot("the ballot names no option")
    if poll.kind == "single" and len(picked) != 1:
        raise InvalidBallot("a single-choice poll takes exactly one option")
    if poll.kind == "multiple" and not poll.min_choices <= len(picked) <= poll.max_choices:
        raise InvalidBallot(f"choose {poll.min_choices} to {poll.max_choices} options")


def new_receipt(ballot_id: str, ballot: Ballot) -> str:
    """The hash a voter keeps: SHA-256 of the ballot id and the ballot, so anyone can
    recompute it from the published list, and a ballot altered after the cast no longer
    shows the receipt its voter holds."""
    digest = hashlib.sha256(f"{ballot_id}\n{ballot.canonical()}".encode()).digest()
    return b64url(digest)


def digest_line(
    ballot_id: str, receipt: str, ballot: Ballot, token: str | None, signature: str | None
) -> str:
    """One ballot's line in the ballot-list digest."""
    return "\t".join([ballot_id, receipt, ballot.canonical(), token or "", signature or ""])


def ballot_list_digest(lines: Iterable[str]) -> str:
    """SHA-256 (hex) of the lines, sorted (by ballot id, their first field), joined by newlines."""
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
