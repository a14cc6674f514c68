"""A topic's posts (``#topic`` links)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.get("/topics/{tag}", response_class=HTMLResponse)
async def topic(
    request: Request, person: SignedIn, api: Api, tag: Annotated[str, Path(max_length=64)]
) -> HTMLResponse:
    """Posts tagged ``#tag`` that the person may read."""
    page = await api.get("feed", f"/v1/topics/{tag}/posts", limit=20)
    return render(request, "topics/page.html", page=page, tag=tag)
