"""Routes of voting: open and anonymous ballots, a secret poll's key, credential and ballots.

``POST /v1/polls/{id}/ballots`` is the one route without authentication: a secret
ballot proves its right to be counted by the blind signature on its token alone.
"""

from __future__ import annotations

from fastapi import APIRouter

from polling_service.api.deps import CurrentCaller, PollId, PortsDep, now
from polling_service.api.errors import DomainRoute, raises
from polling_service.api.models import (
    BallotBody,
    BallotKeyView,
    CredentialAnswer,
    CredentialRequest,
    Receipt,
    SecretBallotBody,
)
from polling_service.blindrsa.keys import b64url, unb64url
from polling_service.domain import errors
from polling_service.domain.ballots import Ballot
from polling_service.handlers import voting
from polling_service.handlers.load import poll_definition
from polling_service.queries.polls import seen

router = APIRouter(prefix="/v1/polls", tags=["voting"], route_class=DomainRoute)
VOTING = raises(errors.PollNotFound, errors.PollNotOpen, errors.WrongSecrecy)


def _ballot(body: BallotBody) -> Ballot:
    return Ballot.of(body.choice, body.ranking, body.ratings, body.abstain)


@router.put(
    "/{poll_id}/ballot",
    responses=VOTING | raises(errors.NotEligible, errors.InvalidBallot, errors.AlreadyVoted),
)
async def cast_ballot(
    poll_id: PollId, body: BallotBody, caller: CurrentCaller, ports: PortsDep
) -> Receipt:
    """Vote in an open or anonymous poll (again, to change it, where allowed)."""
    poll = await poll_definition(ports, poll_id)
    if poll is None:
        raise errors.PollNotFound("no such poll")
    if poll.secrecy == "secret":
        await seen(ports, poll_id, caller)  # 404 before telling the poll's secrecy
        raise errors.WrongSecrecy("a secret poll takes a credential and an anonymous ballot")
    cast = voting.cast_open if poll.secrecy == "open" else voting.cast_anonymous
    try:
        return Receipt(receipt=await cast(ports, poll_id, caller, _ballot(body), now()))
    except (errors.NotEligible, errors.PollNotOpen, errors.InvalidBallot):
        await seen(ports, poll_id, caller)  # who may not see the poll gets its 404 instead
        raise


@router.get("/{poll_id}/ballot-key", responses=raises(errors.PollNotFound, errors.WrongSecrecy))
async def ballot_key(poll_id: PollId, caller: CurrentCaller, ports: PortsDep) -> BallotKeyView:
    """A secret poll's public key (JWK): blind your token for it, check signatures with it."""
    poll = (await seen(ports, poll_id, caller)).state.poll
    if poll.ballot_key is None:
        raise errors.WrongSecrecy(f"this is an {poll.secrecy} poll")
    return BallotKeyView(**poll.ballot_key.model_dump(), kid=poll_id)


@router.post(
    "/{poll_id}/credential",
    responses=VOTING
    | raises(errors.NotEligible, errors.InvalidCredential, errors.CredentialAlreadyIssued),
)
async def issue_credential(
    poll_id: PollId, body: CredentialRequest, caller: CurrentCaller, ports: PortsDep
) -> CredentialAnswer:
    """Blind-sign the eligible caller's one credential (the same message again: same answer)."""
    try:
        try:
            blinded = unb64url(body.blinded_message)
        except ValueError as exc:
            raise errors.InvalidCredential("blinded_message is not base64url") from exc
        signature = await voting.issue_credential(ports, poll_id, caller, blinded, now())
    except errors.DomainError:
        await seen(ports, poll_id, caller)  # who may not see the poll gets its 404 instead
        raise
    return CredentialAnswer(blind_signature=b64url(signature))


@router.post(
    "/{poll_id}/ballots",
    responses=VOTING
    | raises(errors.InvalidBallot, errors.InvalidCredential, errors.TokenAlreadyUsed),
)
async def cast_secret_ballot(poll_id: PollId, body: SecretBallotBody, ports: PortsDep) -> Receipt:
    """Cast a secret ballot, unauthenticated: the token and its unblinded signature."""
    receipt = await voting.cast_secret(
        ports, poll_id, body.token, body.signature, _ballot(body), now()
    )
    return Receipt(receipt=receipt)
