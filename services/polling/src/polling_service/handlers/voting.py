"""Voting: open ballots (event-sourced with the voter), anonymous ballots (turnout in the
log, the ballot in the box under a pseudonym), secret credentials and ballots (RFC 9474)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from collab_events.polling import PollCreated
from servicekit.commands import CommandHandler, execute
from servicekit.streams import Metadata

from polling_service.blindrsa import PublicKey, VerificationFailed, blind_sign, verify
from polling_service.blindrsa.keys import b64url, unb64url
from polling_service.domain import decide as rules
from polling_service.domain import errors
from polling_service.domain.ballots import Ballot, new_receipt, validate
from polling_service.domain.commands import CastOpenBallot, TakePart
from polling_service.domain.model import Caller, PollState
from polling_service.domain.streams import ballot_subject, voter_subject
from polling_service.handlers.load import load_poll, load_voter, poll_definition
from polling_service.ports import Ports

# Voter streams and open ballots carry no actor: the payload names the voter where it
# may (and erasure redacts it there); an envelope's actor could not be redacted.
VOTER_EVENT = Metadata()


async def cast_open(
    ports: Ports, poll_id: str, caller: Caller, ballot: Ballot, now: datetime
) -> str:
    """Cast or change an open poll's ballot; the receipt."""
    me = caller.employee_id
    ballot_id = ports.pseudonyms.open_ballot(poll_id, me)
    receipt = new_receipt(ballot_id, ballot)
    handler = CommandHandler(
        load=lambda c: load_voter(ports, poll_id, me, ballot_id=ballot_id),
        decide=rules.decide_cast_open,
        primary=lambda c: ballot_subject(poll_id, ballot_id),
    )
    voter_key = ports.voter_key(poll_id, me)
    command = CastOpenBallot(poll_id, caller, ballot, receipt, now, ballot_id, voter_key)
    await execute(ports.store, handler, command, metadata=VOTER_EVENT)
    return receipt


async def _take_part(ports: Ports, command: TakePart) -> None:
    me = command.caller.employee_id
    handler = CommandHandler(
        load=lambda c: load_voter(ports, command.poll_id, me),
        decide=rules.decide_take_part,
        primary=lambda c: voter_subject(command.poll_id, command.voter_key),
    )
    await execute(ports.store, handler, command, metadata=VOTER_EVENT)


async def _voting_poll(ports: Ports, poll_id: str, now: datetime) -> PollState:
    state, _ = await load_poll(ports, poll_id)
    if state.created is None:
        raise errors.PollNotFound("no such poll")
    if not state.accepts_ballots(now):
        raise errors.PollNotOpen(f"the poll does not accept ballots ({state.status})")
    return state


def bucket(now: datetime, seconds: int) -> str:
    """The start of the time bucket ``now`` falls in (ISO 8601, UTC)."""
    start = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def cast_anonymous(
    ports: Ports, poll_id: str, caller: Caller, ballot: Ballot, now: datetime
) -> str:
    """Record the turnout, then put the ballot in the box under the voter's pseudonym."""
    state = await _voting_poll(ports, poll_id, now)
    validate(state.poll, ballot)
    pseudonym = await ports.secrets.pseudonym(poll_id, caller.employee_id)
    if pseudonym is None:
        raise errors.PollNotOpen("the poll's keys are gone")
    if not state.poll.allow_change and await ports.box.has(poll_id, pseudonym):
        raise errors.AlreadyVoted("you voted already and this poll does not allow changes")
    voter_key = ports.voter_key(poll_id, caller.employee_id)
    await _take_part(ports, TakePart(poll_id, caller, now, voter_key))
    receipt = new_receipt(pseudonym, ballot)
    doc = {
        "ballot": ballot.fields(),
        "receipt": receipt,
        "cast_bucket": bucket(now, ports.options.time_bucket_s),
    }
    if not await ports.box.put(poll_id, pseudonym, doc, replace=state.poll.allow_change):
        raise errors.AlreadyVoted("you voted already and this poll does not allow changes")
    return receipt


def _public_key(poll: PollCreated) -> PublicKey:
    if poll.secrecy != "secret" or poll.ballot_key is None:
        raise errors.WrongSecrecy(f"this is an {poll.secrecy} poll")
    return PublicKey.from_jwk(poll.ballot_key.model_dump())


async def issue_credential(
    ports: Ports, poll_id: str, caller: Caller, blinded: bytes, now: datetime
) -> bytes:
    """Sign the voter's blinded message once (the same message again: the same answer).

    Only the definition is read first (for the key); the decision on the voter stream
    checks that the poll runs and the caller is on its electorate."""
    poll = await poll_definition(ports, poll_id)
    if poll is None:
        raise errors.PollNotFound("no such poll")
    public = _public_key(poll)
    if len(blinded) != public.size or int.from_bytes(blinded, "big") >= public.n:
        raise errors.InvalidCredential("the blinded message does not fit the poll's key")
    digest = hashlib.sha256(blinded).hexdigest()
    voter_key = ports.voter_key(poll_id, caller.employee_id)
    await _take_part(ports, TakePart(poll_id, caller, now, voter_key, blinded_digest=digest))
    key = await ports.secrets.signing_key(poll_id)
    if key is None:
        raise errors.PollNotOpen("the poll's key was destroyed")
    return blind_sign(key, blinded)


async def cast_secret(
    ports: Ports, poll_id: str, token: str, signature: str, ballot: Ballot, now: datetime
) -> str:
    """Check the token's signature, refuse a spent token (or replace its ballot), box it."""
    state = await _voting_poll(ports, poll_id, now)
    public = _public_key(state.poll)
    validate(state.poll, ballot)
    try:
        token_bytes = unb64url(token)
        verify(public, token_bytes, unb64url(signature))
    except (ValueError, VerificationFailed) as exc:
        raise errors.InvalidCredential("the token's signature does not verify") from exc
    ballot_id = hashlib.sha256(token_bytes).hexdigest()
    receipt = new_receipt(ballot_id, ballot)
    doc = {
        "ballot": ballot.fields(), "receipt": receipt, "token": b64url(token_bytes),
        "signature": signature, "cast_bucket": bucket(now, ports.options.time_bucket_s),
    }  # fmt: skip
    if not await ports.box.put(poll_id, ballot_id, doc, replace=state.poll.allow_change):
        raise errors.TokenAlreadyUsed("this token was used already")
    return receipt
