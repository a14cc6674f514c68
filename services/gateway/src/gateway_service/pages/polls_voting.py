"""Voting: the ballot form of open and anonymous polls, and a secret poll's credential,
blinded and unblinded in the browser (``static/js/rsabssa.js``): the gateway relays the
blinded message with the person's token and never sees the token itself. The secret
ballot goes through ``polls_cast``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from gateway_service.pages.polls import PollId, poll_page
from gateway_service.pages.polls_forms import ballot_body
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.errors import problem_message
from gateway_service.web.services import Api, ServiceProblem
from gateway_service.web.session import SignedIn

router = APIRouter(dependencies=[Depends(verify_csrf)])
B64URL = r"^[A-Za-z0-9_-]+$"


class BlindedMessage(BaseModel):
    """What the browser sends for its credential."""

    model_config = ConfigDict(extra="forbid")
    blinded_message: str = Field(min_length=1, max_length=1400, pattern=B64URL)


@router.post("/polls/{poll_id}/ballot", include_in_schema=False)
async def cast_ballot(request: Request, person: SignedIn, api: Api, poll_id: PollId) -> Response:
    """An open or anonymous ballot from the form; the page answers with its receipt."""
    poll = await api.get("polling", f"/v1/polls/{poll_id}")
    form = await request.form()
    body = ballot_body(form, poll["kind"], [o["id"] for o in poll["options"]])
    answer = await api.send("polling", "PUT", f"/v1/polls/{poll_id}/ballot", json=body)
    return await poll_page(request, api, poll_id, receipt=answer.json()["receipt"])


@router.post("/polls/{poll_id}/credential", include_in_schema=False)
async def credential(
    person: SignedIn, api: Api, poll_id: PollId, body: BlindedMessage
) -> JSONResponse:
    """Relay the browser's blinded message; answer the blind signature."""
    try:
        answer = await api.post("polling", f"/v1/polls/{poll_id}/credential", body.model_dump())
    except ServiceProblem as exc:
        return problem_json(exc)
    return JSONResponse({"blind_signature": answer["blind_signature"]})


def problem_json(problem: ServiceProblem) -> JSONResponse:
    """A service's refusal for the page's script: its stable kind and a human sentence."""
    status = problem.status if 400 <= problem.status < 500 else 502
    return JSONResponse({"kind": problem.kind, "message": problem_message(problem)}, status)
