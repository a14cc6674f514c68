"""One-click unsubscribe (RFC 8058): the signed link in every mail, no login needed.

``GET`` only shows a confirmation form (mail scanners follow links); ``POST`` with
``List-Unsubscribe=One-Click`` (what mail clients send) turns that type's e-mail off.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from servicekit.http.commands import command_headers

from notification_service.api.deps import PortsDep
from notification_service.api.errors import DomainRoute, raises
from notification_service.domain.errors import InvalidUnsubscribeLink
from notification_service.domain.unsubscribe import Unsubscribe, verify
from notification_service.handlers.preferences import unsubscribe

router = APIRouter(prefix="/v1/unsubscribe", tags=["unsubscribe"], route_class=DomainRoute)
Token = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{43}$", description="Signed link.")
]
PAGE = """<!doctype html><html><body><form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<p>Stop these e-mails?</p><button type="submit">Unsubscribe</button></form></body></html>"""


class Unsubscribed(BaseModel):
    """What the link turned off."""

    employee_id: str
    type: str
    email: bool = False


def _request(request: Request, token: str) -> Unsubscribe:
    secret = request.app.state.runtime.ports.options.unsubscribe_secret.get_secret_value()
    found = verify(token, secret)
    if found is None:
        raise InvalidUnsubscribeLink()
    return found


@router.get("/{token}", response_class=HTMLResponse, responses=raises(InvalidUnsubscribeLink))
async def confirm_page(token: Token, request: Request) -> HTMLResponse:
    """A page that asks before unsubscribing."""
    _request(request, token)
    return HTMLResponse(PAGE)


@router.post("/{token}", responses=raises(InvalidUnsubscribeLink))
async def one_click(
    token: Token, request: Request, response: Response, ports: PortsDep
) -> Unsubscribed:
    """Turn off the e-mail of the type the link names (or the digest)."""
    found = _request(request, token)
    command_headers(response, await unsubscribe(ports, found))
    return Unsubscribed(employee_id=found.employee_id, type=found.type)
