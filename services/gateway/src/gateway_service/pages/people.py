"""People: search, profile with org chart and follow."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api, ServiceApi
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import flash, render

router = APIRouter(dependencies=[Depends(verify_csrf)])
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
# The follow button reads the person's own following list: bounded to one page.
FOLLOWING_PAGE = 100


@router.get("/people", response_class=HTMLResponse)
async def search(
    request: Request, person: SignedIn, api: Api, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """The directory: people by name, title, department or skill."""
    found = await api.get("profile", "/v1/employees", q=q or None, limit=50)
    return render(request, "people/search.html", found=found, q=q)


@router.get("/people/{employee_id}", response_class=HTMLResponse)
async def profile(request: Request, person: SignedIn, api: Api, employee_id: Id) -> HTMLResponse:
    """A profile: facts, managers above, direct reports, groups, posts, follow."""
    base = f"/v1/employees/{employee_id}"
    employee, chain, reports, posts, follows = await asyncio.gather(
        api.get("profile", base),
        api.get("profile", f"{base}/chain"),
        api.get("profile", f"{base}/reports", limit=50),
        api.get("feed", f"{base}/posts", limit=10),
        api.get("profile", f"{base}/followers", limit=1),
    )
    following = await _follows(api, person.employee_id, employee_id)
    return render(
        request,
        "people/profile.html",
        employee=employee,
        managers=list(reversed(chain["managers"])),
        reports=reports,
        posts=posts,
        counts=follows,
        following=following,
        is_me=employee_id == person.employee_id,
    )


async def _follows(api: ServiceApi, follower: str, followee: str) -> bool:
    if follower == followee:
        return False
    page = await api.get("profile", f"/v1/employees/{follower}/following", limit=FOLLOWING_PAGE)
    return any(entry["id"] == followee for entry in page["items"])


@router.post("/people/{employee_id}/{action}")
async def follow(
    request: Request,
    person: SignedIn,
    api: Api,
    employee_id: Id,
    action: Literal["follow", "unfollow"],
) -> Response:
    """Follow someone (their posts reach the home feed) or stop following."""
    path = f"/v1/me/following/{employee_id}"
    if action == "follow":
        await api.put("profile", path)
        flash(request, _("You follow this person now."))
    else:
        await api.delete("profile", path)
        flash(request, _("You no longer follow this person."))
    return RedirectResponse(f"/people/{employee_id}", status_code=303)
