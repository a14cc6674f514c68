"""Home: the feed (recent or ranked) with each item's "why"."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any, Literal

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api, ServiceApi, ServiceUnavailable
from gateway_service.web.session import SignedIn
from gateway_service.web.sse import KEEP_ALIVE, html_frame, sse_frames
from gateway_service.web.templating import is_htmx, render

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(
    request: Request,
    person: SignedIn,
    api: Api,
    order: Literal["recent", "ranked"] | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    """The signed-in person's home feed; htmx asks for the next page as a fragment."""
    page = await api.get("feed", "/v1/me/feed", order=order, cursor=cursor, limit=20)
    template = "home/items.html" if is_htmx(request) and cursor else "home/index.html"
    return render(request, template, page=page, order=order or "recent")


@router.get("/feed/stream", include_in_schema=False)
async def live_feed(request: Request, person: SignedIn, api: Api) -> StreamingResponse:
    """New home-feed items as they arrive: the feed's SSE, each post re-sent as its HTML."""
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(_relay(api, request), media_type="text/event-stream", headers=headers)


async def _relay(api: ServiceApi, request: Request) -> AsyncIterator[bytes]:
    headers = {"Accept": "text/event-stream"}
    if last := request.headers.get("Last-Event-ID"):
        headers["Last-Event-ID"] = last
    env = request.app.state.templates
    try:
        async with api.stream("feed", "/v1/me/feed/stream", headers) as answer:
            async for frame in sse_frames(answer.aiter_lines()):
                yield post_frame(frame, env).encode()
    except (ServiceUnavailable, httpx.TransportError):
        return  # the browser's EventSource reconnects by itself


def post_frame(frame: dict[str, str], env: Any) -> str:
    """A ``post`` event as the list item the home page prepends; anything else a keep-alive."""
    if frame.get("event") != "post":
        return KEEP_ALIVE
    try:
        post = json.loads(frame.get("data", ""))
    except ValueError:
        return KEEP_ALIVE
    html = env.get_template("home/live_item.html").render(post=post)
    return html_frame("post", html, frame.get("id"))
