"""Notification centre: list, read, live unread badge (SSE through the gateway), preferences."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api, ServiceApi, ServiceUnavailable
from gateway_service.web.session import SignedIn
from gateway_service.web.sse import KEEP_ALIVE, html_frame, sse_frames
from gateway_service.web.templating import flash, render

router = APIRouter(dependencies=[Depends(verify_csrf)])
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


@router.get("/notifications", response_class=HTMLResponse)
async def centre(
    request: Request, person: SignedIn, api: Api, unread: bool = False
) -> HTMLResponse:
    """The person's notifications, newest activity first."""
    page = await api.get("notification", "/v1/me/notifications", unread=unread or None, limit=50)
    return render(request, "notifications/centre.html", page=page, unread=unread)


@router.get("/notifications/badge", response_class=HTMLResponse)
async def badge(request: Request, person: SignedIn, api: Api) -> HTMLResponse:
    """The unread count as the badge fragment (the first value before the stream's)."""
    count = await api.get("notification", "/v1/me/notifications/unread-count")
    return render(request, "notifications/badge.html", count=_count_of(count))


def _count_of(answer: Any) -> int:
    value = answer.get("unread", answer.get("count", 0)) if isinstance(answer, dict) else answer
    return int(value or 0)


@router.get("/notifications/stream")
async def stream(request: Request, person: SignedIn, api: Api) -> StreamingResponse:
    """The notification service's SSE stream, passed through with the person's token."""
    return StreamingResponse(_relay(api, request), media_type="text/event-stream")


async def _relay(api: ServiceApi, request: Request) -> AsyncIterator[bytes]:
    """Each ``unread-count`` event of the service as an ``unread`` event carrying badge HTML."""
    headers = {"Accept": "text/event-stream"}
    if last := request.headers.get("Last-Event-ID"):
        headers["Last-Event-ID"] = last
    env = request.app.state.templates
    try:
        async with api.stream("notification", "/v1/me/notifications/stream", headers) as answer:
            async for frame in sse_frames(answer.aiter_lines()):
                yield badge_frame(frame, env).encode()
    except (ServiceUnavailable, httpx.TransportError):
        return  # the browser's EventSource reconnects by itself


def badge_frame(frame: dict[str, str], env: Any) -> str:
    """The frame to send on: unread counts become badge HTML, everything else a keep-alive."""
    if frame.get("event") != "unread-count":
        return KEEP_ALIVE
    try:
        count = _count_of(json.loads(frame.get("data", "0")))
    except ValueError:
        return KEEP_ALIVE
    return html_frame("unread", env.get_template("notifications/badge.html").render(count=count))


@router.post("/notifications/{notification_id}/read")
async def mark_read(request: Request, person: SignedIn, api: Api, notification_id: Id) -> Response:
    """Mark one notification read, then follow its link."""
    await api.post("notification", f"/v1/me/notifications/{notification_id}/read")
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/read-all")
async def mark_all_read(request: Request, person: SignedIn, api: Api) -> Response:
    """Mark everything read."""
    await api.post("notification", "/v1/me/notifications/read-all")
    flash(request, _("All notifications are marked as read."))
    return RedirectResponse("/notifications", status_code=303)


@router.get("/notifications/preferences", response_class=HTMLResponse)
async def preferences(request: Request, person: SignedIn, api: Api) -> HTMLResponse:
    """Which notices arrive in the app and by e-mail, and the digest."""
    prefs = await api.get("notification", "/v1/me/notification-preferences")
    return render(request, "notifications/preferences.html", prefs=prefs)


@router.post("/notifications/preferences")
async def save_preferences(
    request: Request,
    person: SignedIn,
    api: Api,
    digest: Annotated[Literal["off", "daily", "weekly"], Form()],
) -> Response:
    """Save the preferences form (channels per type and the digest)."""
    current = await api.get("notification", "/v1/me/notification-preferences")
    form = await request.form()
    types = {
        kind: {"in_app": f"{kind}.in_app" in form, "email": f"{kind}.email" in form}
        for kind in (current.get("types") or {})
    }
    body = {k: v for k, v in current.items() if k != "version"} | {"digest": digest}
    if types:
        body["types"] = types
    headers = {"If-Match": f'"{current["version"]}"'} if "version" in current else {}
    await api.send(
        "notification", "PUT", "/v1/me/notification-preferences", json=body, headers=headers
    )
    flash(request, _("Your preferences are saved."))
    return RedirectResponse("/notifications/preferences", status_code=303)
