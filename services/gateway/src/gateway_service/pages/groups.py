"""Groups: directory, group page (posts, pins, members), join/request/leave, admin actions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api, ServiceApi, ServiceProblem
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import flash, render

router = APIRouter(dependencies=[Depends(verify_csrf)])
GroupId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
EmployeeId = GroupId
MANAGERS = frozenset({"owner", "admin"})


@router.get("/groups", response_class=HTMLResponse)
async def directory(request: Request, person: SignedIn, api: Api, q: str = "") -> HTMLResponse:
    """Groups the person may see (searchable) and their own groups."""
    found = await api.get("group", "/v1/groups", q=q or None, limit=50)
    mine = await api.get("group", "/v1/me/groups", limit=100)
    return render(request, "groups/directory.html", found=found, mine=mine, q=q)


@router.post("/groups")
async def create(
    request: Request,
    person: SignedIn,
    api: Api,
    name: Annotated[str, Form(max_length=200)],
    description: Annotated[str, Form(max_length=2000)] = "",
    visibility: Annotated[Literal["public", "private", "secret"], Form()] = "public",
    join_policy: Annotated[Literal["open", "request", "invite"], Form()] = "open",
) -> Response:
    """Create a group; the person becomes its owner."""
    body = {
        "name": name,
        "description": description,
        "visibility": visibility,
        "join_policy": join_policy,
    }
    created = await api.post("group", "/v1/groups", body)
    flash(request, _("Group created."))
    return RedirectResponse(f"/groups/{created['id']}", status_code=303)


@router.get("/groups/{group_id}", response_class=HTMLResponse)
async def group_page(
    request: Request, person: SignedIn, api: Api, group_id: GroupId
) -> HTMLResponse:
    """One group: about, the person's standing, posts with pins first, members, requests."""
    group = await api.get("group", f"/v1/groups/{group_id}")
    posts = await _visible(api, "feed", f"/v1/groups/{group_id}/posts", limit=20)
    members = await _visible(api, "group", f"/v1/groups/{group_id}/members", limit=50)
    manages = group.get("my_role") in MANAGERS or "admin" in person.roles
    requests = None
    if manages:
        requests = await _visible(api, "group", f"/v1/groups/{group_id}/requests", limit=50)
    return render(
        request,
        "groups/page.html",
        group=group,
        posts=posts,
        members=members,
        requests=requests,
        manages=manages,
    )


async def _visible(api: ServiceApi, service: str, path: str, **params: Any) -> Any:
    """A list the person may not be allowed to see (members only): None then."""
    try:
        return await api.get(service, path, **params)
    except ServiceProblem as problem:
        if problem.status == 403:
            return None
        raise


@router.post("/groups/{group_id}/join")
async def join(request: Request, person: SignedIn, api: Api, group_id: GroupId) -> Response:
    """Join an open group, or ask to join one that needs approval."""
    answer = await api.send("group", "PUT", f"/v1/groups/{group_id}/members/me")
    requested = answer.status_code == 202
    flash(request, _("Your request to join was sent.") if requested else _("You joined the group."))
    return RedirectResponse(f"/groups/{group_id}", status_code=303)


@router.post("/groups/{group_id}/leave")
async def leave(request: Request, person: SignedIn, api: Api, group_id: GroupId) -> Response:
    """Leave the group."""
    await api.delete("group", f"/v1/groups/{group_id}/members/me")
    flash(request, _("You left the group."))
    return RedirectResponse(f"/groups/{group_id}", status_code=303)


@router.post("/groups/{group_id}/requests/{employee_id}/{decision}")
async def decide_request(
    request: Request,
    person: SignedIn,
    api: Api,
    group_id: GroupId,
    employee_id: EmployeeId,
    decision: Literal["approve", "reject"],
) -> Response:
    """Approve or reject a join request (owners and admins)."""
    await api.post("group", f"/v1/groups/{group_id}/requests/{employee_id}/{decision}")
    flash(request, _("Request approved.") if decision == "approve" else _("Request rejected."))
    return RedirectResponse(f"/groups/{group_id}", status_code=303)


@router.post("/groups/{group_id}/members/{employee_id}/remove")
async def remove_member(
    request: Request, person: SignedIn, api: Api, group_id: GroupId, employee_id: EmployeeId
) -> Response:
    """Remove a member (by role)."""
    await api.delete("group", f"/v1/groups/{group_id}/members/{employee_id}")
    flash(request, _("Member removed."))
    return RedirectResponse(f"/groups/{group_id}", status_code=303)


@router.post("/groups/{group_id}/{action}")
async def lifecycle(
    request: Request,
    person: SignedIn,
    api: Api,
    group_id: GroupId,
    action: Literal["archive", "unarchive"],
) -> Response:
    """Archive a group (read-only) or bring it back."""
    await api.post("group", f"/v1/groups/{group_id}/{action}")
    flash(request, _("Group archived.") if action == "archive" else _("Group active again."))
    return RedirectResponse(f"/groups/{group_id}", status_code=303)


@router.post("/groups/{group_id}/pins/{post_id}/{action}")
async def pin(
    request: Request,
    person: SignedIn,
    api: Api,
    group_id: GroupId,
    post_id: GroupId,
    action: Literal["pin", "unpin"],
) -> Response:
    """Pin a post to the top of the group, or unpin it."""
    path = f"/v1/groups/{group_id}/pins/{post_id}"
    if action == "pin":
        await api.put("feed", path, {})
    else:
        await api.delete("feed", path)
    return RedirectResponse(f"/groups/{group_id}", status_code=303)
