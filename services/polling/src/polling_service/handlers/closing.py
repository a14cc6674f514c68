"""The end of a poll: voting ends (deadline or owner), then, after a grace period, the
ballots are published (anonymous and secret: from the box, all at once, by ballot id)
and the result is appended; the poll's key material is destroyed. Every step is
idempotent, so two workers or a restart finish it exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from collab_events.polling import BallotCast, PollClosed, PollCreated
from servicekit.commands import CommandResult, execute, one_stream
from servicekit.streams import ConcurrencyError, Metadata, StreamAppend

from polling_service.domain import decide as rules
from polling_service.domain.ballots import Ballot, ballot_list_digest, digest_line
from polling_service.domain.commands import ClosePoll, EndVoting
from polling_service.domain.model import POLL, Caller
from polling_service.domain.streams import (
    ballot_prefix,
    ballot_subject,
    poll_subject,
    voter_prefix,
)
from polling_service.domain.tally import tally
from polling_service.handlers.load import load_poll
from polling_service.ports import Ports, by

CHUNK = 100


@dataclass(frozen=True, slots=True)
class FinalBallot:
    """A ballot as published: id, receipt, the ballot, and a secret ballot's credential."""

    ballot_id: str
    receipt: str
    ballot: Ballot
    token: str | None = None
    signature: str | None = None
    cast_bucket: str | None = None

    def line(self) -> str:
        """Its line in the ballot-list digest."""
        return digest_line(self.ballot_id, self.receipt, self.ballot, self.token, self.signature)

    def event(self, poll_id: str) -> BallotCast:
        """The event that publishes it (no voter, no actor)."""
        fields = dict(
            poll_id=poll_id, ballot_id=self.ballot_id, receipt=self.receipt, token=self.token,
            signature=self.signature, cast_bucket=self.cast_bucket,
        )  # fmt: skip
        return BallotCast.model_validate({**fields, **self.ballot.fields()})


async def end_voting(
    ports: Ports, poll_id: str, now: datetime, caller: Caller | None = None
) -> CommandResult:
    """Stop accepting ballots (deadline: only once it passed; owner: at once)."""
    subject = poll_subject(poll_id)
    handler = one_stream(POLL, lambda c: subject, rules.decide_end, ports.store)
    outcome = await execute(
        ports.store, handler, EndVoting(poll_id, now, caller), metadata=by(caller)
    )
    return outcome.result


def _from_fields(doc: dict[str, Any]) -> Ballot:
    return Ballot.of(
        doc.get("choice"), doc.get("ranking"), doc.get("ratings"), bool(doc.get("abstain"))
    )


async def open_ballots(ports: Ports, poll_id: str) -> list[FinalBallot]:
    """An open poll's ballots: the newest event of each ballot stream."""
    newest: dict[str, Any] = {}
    for recorded in await ports.store.load_prefix(ballot_prefix(poll_id)):
        newest[recorded.envelope.subject] = recorded.event
    found = [
        FinalBallot(e.ballot_id, e.receipt, _from_fields(e.model_dump())) for e in newest.values()
    ]
    return sorted(found, key=lambda b: b.ballot_id)


async def boxed_ballots(ports: Ports, poll_id: str) -> list[FinalBallot]:
    """An anonymous or secret poll's ballots in the box, by ballot id."""
    return [
        FinalBallot(
            d["ballot_id"],
            d["receipt"],
            _from_fields(d["ballot"]),
            d.get("token"),
            d.get("signature"),
            d.get("cast_bucket"),
        )
        for d in await ports.box.ballots(poll_id)
    ]


async def publish(ports: Ports, poll_id: str, ballots: Sequence[FinalBallot]) -> None:
    """Append each ballot as its own stream, in ballot-id order; published ones are skipped."""
    anonymous = Metadata()  # no actor, no correlation: nothing that leads to a voter
    for start in range(0, len(ballots), CHUNK):
        chunk = ballots[start : start + CHUNK]
        appends = [
            StreamAppend(ballot_subject(poll_id, b.ballot_id), 0, [b.event(poll_id)]) for b in chunk
        ]
        try:
            await ports.store.append_streams(appends, metadata=anonymous)
        except ConcurrencyError:  # some were published by an earlier attempt
            for one in appends:
                try:
                    await ports.store.append_streams([one], metadata=anonymous)
                except ConcurrencyError:
                    continue


async def credential_count(ports: Ports, poll_id: str) -> int:
    """How many employees took part (voter streams)."""
    return len({r.envelope.subject for r in await ports.store.load_prefix(voter_prefix(poll_id))})


def closing_event(
    poll: PollCreated, eligible: int, ballots: Sequence[FinalBallot], credentials: int
) -> PollClosed:
    """The result of the final ballots."""
    results = tally(poll, [b.ballot for b in ballots], eligible)
    return PollClosed(
        poll_id=poll.poll_id, results=results, ballot_count=len(ballots),
        credential_count=credentials, ballot_digest=ballot_list_digest(b.line() for b in ballots),
    )  # fmt: skip


async def close_when_ended(ports: Ports, poll_id: str) -> CommandResult | None:
    """Publish the ballots and the result of a poll whose voting ended."""
    state, _ = await load_poll(ports, poll_id)
    if state.status != "ended" or state.opened is None:
        return None
    if state.poll.secrecy == "open":
        ballots = await open_ballots(ports, poll_id)
    else:
        ballots = await boxed_ballots(ports, poll_id)
        await publish(ports, poll_id, ballots)
    closed = closing_event(
        state.poll, state.opened.eligible_count, ballots, await credential_count(ports, poll_id)
    )
    subject = poll_subject(poll_id)
    handler = one_stream(POLL, lambda c: subject, rules.decide_close, ports.store)
    outcome = await execute(ports.store, handler, ClosePoll(poll_id, closed))
    await ports.secrets.destroy(poll_id)
    await ports.box.empty(poll_id)
    return outcome.result


async def close_after_grace(ports: Ports, poll_id: str) -> CommandResult | None:
    """Wait for casts checked before the end to land, then close."""
    await asyncio.sleep(ports.options.close_grace_s)
    return await close_when_ended(ports, poll_id)
