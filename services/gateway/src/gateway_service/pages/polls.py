"""Polls: the list of my groups' polls, a new poll, the poll page with its result, closing,
and the published ballots after close (where a voter finds their receipt)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_service.i18n import gettext as _
from gateway_service.pages.polls_forms import FormInvalid, new_poll_body
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.errors import error_page
from gateway_service.web.services import Api, ServiceApi, ServiceProblem
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)])
PollId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
FEED_PAGES = 3  # the list reads at most 3 pages of 100 feed items
BALLOT_PAGES = 20  # the published list shows at most 2,000 ballots


@router.get("/polls", response_class=HTMLResponse, include_in_schema=False)
async def poll_list(request: Request, person: SignedIn, api: Api) -> HTMLResponse:
    """My groups' polls, from my home feed (open ones first)."""
    polls: list[dict[str, Any]] = []
    cursor = None
    for _page in range(FEED_PAGES):
        page = await api.get("feed", "/v1/me/feed", order="recent", cursor=cursor, limit=100)
        polls += [item for item in page["items"] if item.get("kind") == "poll"]
        if not (cursor := page.get("next_cursor")):
            break
    polls.sort(key=lambda p: p.get("status") != "open")
    return render(request, "polls/list.html", polls=polls)


@router.get("/polls/new", response_class=HTMLResponse, include_in_schema=False)
async def new_poll(
    request: Request, person: SignedIn, api: Api, group_id: str | None = None
) -> HTMLResponse:
    """The form for a poll in one of my groups."""
    groups = (await api.get("group", "/v1/me/groups", limit=100))["items"]
    return render(
        request, "polls/new.html", groups=groups, group_id=group_id, key=str(uuid.uuid4())
    )


@router.post("/polls", include_in_schema=False)
async def create_poll(request: Request, person: SignedIn, api: Api) -> Response:
    """Create the poll (the form's idempotency key makes a resend create nothing new)."""
    form = await request.form()
    try:
        body = new_poll_body(form)
    except FormInvalid:
        return error_page(request, 422, _("Some of the entries are not valid. Please check them."))
    key = str(form.get("idempotency_key") or uuid.uuid4())[:100]
    created = await api.post("polling", "/v1/polls", body, headers={"Idempotency-Key": key})
    return RedirectResponse(f"/polls/{created['id']}", status_code=303)


async def results_or_none(api: ServiceApi, poll_id: str) -> dict[str, Any] | None:
    """The result as far as the poll's visibility lets me see it (None: not yet)."""
    try:
        results: dict[str, Any] = await api.get("polling", f"/v1/polls/{poll_id}/results")
    except ServiceProblem as exc:
        if exc.status == 403:
            return None
        raise
    return results


async def poll_page(
    request: Request, api: ServiceApi, poll_id: str, *, receipt: str | None = None
) -> HTMLResponse:
    """The poll page: question, ballot form while I may vote, the result when visible."""
    poll = await api.get("polling", f"/v1/polls/{poll_id}")
    key = None
    if poll["secrecy"] == "secret" and poll["status"] == "open":
        key = await api.get("polling", f"/v1/polls/{poll_id}/ballot-key")
    results = await results_or_none(api, poll_id)
    labels = {o["id"]: o["label"] for o in poll["options"]}
    return render(
        request, "polls/page.html", poll=poll, key=key, results=results, labels=labels,
        receipt=receipt,
    )  # fmt: skip


@router.get("/polls/{poll_id}", response_class=HTMLResponse, include_in_schema=False)
async def show_poll(request: Request, person: SignedIn, api: Api, poll_id: PollId) -> HTMLResponse:
    """A poll of any kind and secrecy."""
    return await poll_page(request, api, poll_id)


@router.post("/polls/{poll_id}/close", include_in_schema=False)
async def close_poll(request: Request, person: SignedIn, api: Api, poll_id: PollId) -> Response:
    """End voting now (the owner); the result follows after the service's grace period."""
    await api.post("polling", f"/v1/polls/{poll_id}/close")
    return RedirectResponse(f"/polls/{poll_id}", status_code=303)


@router.get("/polls/{poll_id}/ballots", response_class=HTMLResponse, include_in_schema=False)
async def published_ballots(
    request: Request, person: SignedIn, api: Api, poll_id: PollId
) -> HTMLResponse:
    """Every published ballot with its receipt. The receipt is looked up in the browser
    (``polls.js``): asking the gateway for it would tell the gateway whose ballot it is."""
    poll = await api.get("polling", f"/v1/polls/{poll_id}")
    ballots: list[dict[str, Any]] = []
    cursor = None
    for _page in range(BALLOT_PAGES):
        page = await api.get("polling", f"/v1/polls/{poll_id}/ballots", cursor=cursor, limit=100)
        ballots += page["items"]
        if not (cursor := page.get("next_cursor")):
            break
    labels = {o["id"]: o["label"] for o in poll["options"]}
    results = await results_or_none(api, poll_id) or {}
    # The list is read from a projection of the published ballots: just after close it
    # may not hold all of them yet.
    pending = len(ballots) < (results.get("ballot_count") or 0) and cursor is None
    return render(
        request, "polls/ballots.html", poll=poll, ballots=ballots, labels=labels,
        truncated=cursor is not None, pending=pending,
    )  # fmt: skip
