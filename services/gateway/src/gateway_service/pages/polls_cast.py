"""A secret ballot, relayed to the polling service without anyone's token.

The browser sends it without cookies (``credentials: "omit"``), so the gateway cannot tie
it to a session; and with no session there is no CSRF token to check, nor any ambient
authority a forged request could borrow. That is why this router alone has no
``verify_csrf``.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from gateway_service.i18n import gettext as _
from gateway_service.pages.polls import PollId
from gateway_service.pages.polls_voting import problem_json
from gateway_service.web.services import ServiceUnavailable, problem_of

router = APIRouter()
MAX_BODY = 16_384


@router.post("/polls/{poll_id}/ballots", include_in_schema=False)
async def cast_secret_ballot(request: Request, poll_id: PollId) -> JSONResponse:
    """Relay a secret ballot to the polling service without anyone's token."""
    body: Any = await _json(request)
    if not isinstance(body, dict):
        message = _("Some of the entries are not valid. Please check them.")
        return JSONResponse({"kind": "invalid-ballot", "message": message}, 422)
    client = request.app.state.service_clients.clients["polling"]
    try:
        answer = await client.post(f"/v1/polls/{poll_id}/ballots", json=body)
    except httpx.TransportError:
        raise ServiceUnavailable("polling") from None
    if answer.status_code >= 400:
        return problem_json(problem_of("polling", answer))
    return JSONResponse({"receipt": answer.json()["receipt"]})


async def _json(request: Request) -> Any:
    if len(await request.body()) > MAX_BODY:
        return None
    try:
        return await request.json()
    except ValueError:
        return None
