"""Posts: composer (with @-mention suggestions), post page, comments, replies, reactions."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import flash, render

router = APIRouter(dependencies=[Depends(verify_csrf)])
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
REACTIONS = ("like", "celebrate", "support", "insightful", "curious")
SUGGESTIONS = 6


@router.post("/posts")
async def publish(
    request: Request,
    person: SignedIn,
    api: Api,
    text: Annotated[str, Form(min_length=1, max_length=10_000)],
    group_id: Annotated[str | None, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = None,
) -> Response:
    """Publish a post in a group or on the person's profile."""
    body = {"text": text, **({"group_id": group_id} if group_id else {})}
    await api.post("feed", "/v1/posts", body)
    flash(request, _("Your post is published."))
    return RedirectResponse(f"/groups/{group_id}" if group_id else "/", status_code=303)


@router.get("/mentions", response_class=HTMLResponse)
async def mention_suggestions(
    request: Request, person: SignedIn, api: Api, q: Annotated[str, Query(max_length=100)] = ""
) -> HTMLResponse:
    """People matching what was typed after ``@`` (an htmx fragment of buttons)."""
    q = q.lstrip("@").strip()
    people = []
    if len(q) >= 2:
        found = await api.get("profile", "/v1/employees", q=q, limit=SUGGESTIONS)
        ids = [p["id"] for p in found["items"]]
        people = await asyncio.gather(*(api.get("profile", f"/v1/employees/{i}") for i in ids))
    return render(request, "posts/mentions.html", people=people, q=q)


@router.get("/posts/{post_id}", response_class=HTMLResponse)
async def post_page(request: Request, person: SignedIn, api: Api, post_id: Id) -> HTMLResponse:
    """One post with its comments (and their replies), reactions and edit history."""
    post = await api.get("feed", f"/v1/posts/{post_id}")
    comments = await api.get("feed", f"/v1/posts/{post_id}/comments", limit=100)
    with_replies = [c for c in comments["items"] if c["reply_count"]]
    replies = await asyncio.gather(
        *(
            api.get("feed", f"/v1/posts/{post_id}/comments", parent_id=c["id"], limit=100)
            for c in with_replies
        )
    )
    history = None
    if post.get("edited_at"):
        history = await api.get("feed", f"/v1/posts/{post_id}/history")
    return render(
        request,
        "posts/page.html",
        post=post,
        comments=comments,
        replies={c["id"]: r["items"] for c, r in zip(with_replies, replies, strict=True)},
        history=history,
        reactions=REACTIONS,
    )


@router.post("/posts/{post_id}/comments")
async def comment(
    request: Request,
    person: SignedIn,
    api: Api,
    post_id: Id,
    text: Annotated[str, Form(min_length=1, max_length=5_000)],
    parent_id: Annotated[str | None, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = None,
) -> Response:
    """Comment on a post, or reply to a comment."""
    body = {"text": text, **({"parent_id": parent_id} if parent_id else {})}
    await api.post("feed", f"/v1/posts/{post_id}/comments", body)
    return RedirectResponse(f"/posts/{post_id}", status_code=303)


@router.post("/posts/{post_id}/reactions")
async def react(
    request: Request,
    person: SignedIn,
    api: Api,
    post_id: Id,
    type: Annotated[
        Literal["like", "celebrate", "support", "insightful", "curious", "none"], Form()
    ],
    comment_id: Annotated[str | None, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = None,
) -> Response:
    """Set (or with ``none`` remove) the person's reaction to a post or one of its comments."""
    target = f"/v1/posts/{post_id}" + (f"/comments/{comment_id}" if comment_id else "")
    if type == "none":
        await api.delete("feed", f"{target}/reactions/me")
    else:
        await api.put("feed", f"{target}/reactions/me", {"type": type})
    return RedirectResponse(f"/posts/{post_id}", status_code=303)
