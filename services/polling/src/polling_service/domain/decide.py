"""Decisions: ``decide_x(command, state) -> Decision``, pure."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.polling import (
    BallotCast,
    BallotCredentialIssued,
    PollCancelled,
    PollOpened,
    PollVotingEnded,
    VoteChanged,
)
from servicekit.commands import NO_CHANGE, Decision

from polling_service.domain import errors
from polling_service.domain.ballots import validate
from polling_service.domain.commands import (
    CancelPoll,
    CastOpenBallot,
    ClosePoll,
    CreatePoll,
    EndVoting,
    OpenPoll,
    TakePart,
)
from polling_service.domain.model import Caller, PollState, VoterState, parse_time
from polling_service.domain.streams import ballot_subject, poll_subject, voter_subject


def decide_create(command: CreatePoll, state: PollState) -> Decision:
    """A new poll, if its definition holds together; a retry changes nothing."""
    if state.created is not None:
        return NO_CHANGE
    poll = command.definition
    closes = parse_time(poll.closes_at)
    opens = parse_time(poll.opens_at) if poll.opens_at else command.now
    if closes <= max(opens, command.now):
        raise errors.InvalidPoll("closes_at must be after opens_at and in the future")
    if (poll.group_id is None) == (poll.audience is None):
        raise errors.InvalidPoll("give exactly one of group_id and audience")
    if poll.kind == "multiple" and not poll.min_choices <= poll.max_choices <= len(poll.options):
        raise errors.InvalidPoll("need min_choices <= max_choices <= number of options")
    if len({o.id for o in poll.options}) != len(poll.options):
        raise errors.InvalidPoll("option ids repeat")
    return Decision.of(poll_subject(poll.poll_id), poll)


def decide_open(command: OpenPoll, state: PollState) -> Decision:
    """Open a scheduled poll at its time, exactly once."""
    if state.status != "scheduled":
        return NO_CHANGE
    if state.poll.opens_at and parse_time(state.poll.opens_at) > command.now:
        return NO_CHANGE
    e = command.electorate
    opened = PollOpened(
        poll_id=command.poll_id,
        eligible_count=e.count,
        eligible_digest=e.digest,
        electorate_id=e.electorate_id,
    )
    return Decision.of(poll_subject(command.poll_id), opened)


def decide_end(command: EndVoting, state: PollState) -> Decision:
    """End voting at the deadline or when an owner closes early."""
    if command.caller is not None:
        _require_manager(state, command.caller)
        if state.status in ("closed", "cancelled"):
            raise errors.PollFinished("the poll is finished")
        if state.status == "scheduled":
            raise errors.PollNotOpen("the poll has not opened")
    elif state.status != "open" or parse_time(state.poll.closes_at) > command.now:
        return NO_CHANGE
    if state.status != "open":
        return NO_CHANGE
    ended = PollVotingEnded(poll_id=command.poll_id, reason=command.reason)
    return Decision.of(poll_subject(command.poll_id), ended)


def decide_close(command: ClosePoll, state: PollState) -> Decision:
    """Publish the result once voting ended."""
    if state.status != "ended":
        return NO_CHANGE
    return Decision.of(poll_subject(command.poll_id), command.closed)


def decide_cancel(command: CancelPoll, state: PollState) -> Decision:
    """Cancel a poll that has not closed."""
    _require_manager(state, command.caller)
    if state.status == "cancelled":
        return NO_CHANGE
    if state.status == "closed":
        raise errors.PollFinished("a closed poll cannot be cancelled")
    cancelled = PollCancelled(poll_id=command.poll_id, reason=command.reason)
    return Decision.of(poll_subject(command.poll_id), cancelled)


def _require_manager(state: PollState, caller: Caller) -> None:
    if state.created is None:
        raise errors.PollNotFound("no such poll")
    if not (state.is_owner(caller) or caller.admin):
        raise errors.NotAllowed("only the poll's owner may do this")


@dataclass(frozen=True, slots=True)
class VoterContext:
    """A poll, one employee's voter stream, whether they are eligible, their ballot's version."""

    poll: PollState
    voter: VoterState
    eligible: bool
    ballot_version: int = 0


def _require_voting(ctx: VoterContext, command: CastOpenBallot | TakePart) -> None:
    if ctx.poll.created is None:
        raise errors.PollNotFound("no such poll")
    if not ctx.poll.accepts_ballots(command.now):
        raise errors.PollNotOpen(f"the poll does not accept ballots ({ctx.poll.status})")
    if not ctx.eligible:
        raise errors.NotEligible("you are not in this poll's electorate")


def decide_take_part(command: TakePart, ctx: VoterContext) -> Decision:
    """The one credential of a secret poll's voter, or an anonymous voter's turnout record."""
    _require_voting(ctx, command)
    wanted = "secret" if command.blinded_digest else "anonymous"
    if ctx.poll.poll.secrecy != wanted:
        raise errors.WrongSecrecy(f"this is an {ctx.poll.poll.secrecy} poll")
    if ctx.voter.credential:
        if ctx.voter.blinded_digest != command.blinded_digest:
            raise errors.CredentialAlreadyIssued("a credential was issued to you already")
        return NO_CHANGE
    issued = BallotCredentialIssued(
        poll_id=command.poll_id,
        employee_id=command.caller.employee_id,
        blinded_digest=command.blinded_digest,
    )
    return Decision.of(voter_subject(command.poll_id, command.voter_key), issued)


def decide_cast_open(command: CastOpenBallot, ctx: VoterContext) -> Decision:
    """An open poll's ballot with the voter's id (a change when allowed)."""
    _require_voting(ctx, command)
    poll = ctx.poll.poll
    if poll.secrecy != "open":
        raise errors.WrongSecrecy(f"this is an {poll.secrecy} poll")
    validate(poll, command.ballot)
    if ctx.ballot_version and not poll.allow_change:
        raise errors.AlreadyVoted("you voted already and this poll does not allow changes")
    me = command.caller.employee_id
    event_type = VoteChanged if ctx.ballot_version else BallotCast
    fields = dict(
        poll_id=command.poll_id, ballot_id=command.ballot_id, receipt=command.receipt, voter_id=me
    )
    ballot = event_type.model_validate({**fields, **command.ballot.fields()})
    decision = Decision.of(ballot_subject(command.poll_id, command.ballot_id), ballot)
    if not ctx.voter.credential:
        issued = BallotCredentialIssued(poll_id=command.poll_id, employee_id=me)
        decision = decision.plus(voter_subject(command.poll_id, command.voter_key), issued)
    return decision
