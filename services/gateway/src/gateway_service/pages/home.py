"""Home: the feed (recent or ranked) with each item's "why"."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api
from gateway_service.web.session import SignedIn
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
