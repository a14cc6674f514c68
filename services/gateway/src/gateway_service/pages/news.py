"""Corporate news: my stream (must-reads first), an article in my language, acknowledgement."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_service import i18n
from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import flash, render

router = APIRouter(dependencies=[Depends(verify_csrf)])
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Lang = Annotated[str | None, Query(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]


@router.get("/news", response_class=HTMLResponse)
async def news(
    request: Request,
    person: SignedIn,
    api: Api,
    q: Annotated[str, Query(max_length=200)] = "",
    pending: bool = False,
) -> HTMLResponse:
    """The person's news, pending must-reads on top, in the UI's language where there is one."""
    page = await api.get(
        "news",
        "/v1/news",
        q=q or None,
        pending=pending or None,
        lang=i18n.current_locale(),
        limit=30,
    )
    return render(request, "news/list.html", page=page, q=q, pending=pending)


@router.get("/news/{article_id}", response_class=HTMLResponse)
async def article(
    request: Request, person: SignedIn, api: Api, article_id: Id, lang: Lang = None
) -> HTMLResponse:
    """One article; ``lang`` switches its language version (default: the UI's)."""
    shown = await api.get("news", f"/v1/articles/{article_id}", lang=lang or i18n.current_locale())
    return render(request, "news/article.html", article=shown)


@router.post("/news/{article_id}/acknowledge")
async def acknowledge(
    request: Request,
    person: SignedIn,
    api: Api,
    article_id: Id,
    version: Annotated[int, Form(ge=1)],
    language: Annotated[str, Form(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")],
) -> Response:
    """Confirm having read the must-read (this version, in the language read)."""
    body = {"version": version, "language": language}
    await api.post("news", f"/v1/articles/{article_id}/acknowledgement", body)
    flash(request, _("Thank you: your acknowledgement is recorded."))
    return RedirectResponse(f"/news/{article_id}?lang={language}", status_code=303)
