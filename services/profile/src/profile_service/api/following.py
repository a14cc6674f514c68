"""Following colleagues: follow / unfollow, followers and following lists with counts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from servicekit.commands import CommandResult
from servicekit.http.commands import command_headers
from servicekit.http.consistency import consistent
from servicekit.http.cursors import decode_cursor, next_cursor
from servicekit.http.security import CurrentPrincipal

from profile_service.api.deps import Cursor, EmployeeId, Limit, ModelsDep, PortsDep
from profile_service.api.errors import DomainRoute, employee_not_found, raises
from profile_service.api.models import FollowEntry, FollowPage, FollowState
from profile_service.api.views import summary, visible
from profile_service.domain import errors as e
from profile_service.handlers.follows import follow_employee, unfollow_employee
from profile_service.projections import DIRECTORY, FOLLOWS
from profile_service.queries import directory, follows

router = APIRouter(prefix="/v1", tags=["following"], route_class=DomainRoute)


@router.put(
    "/me/following/{employee_id}",
    responses=raises(
        e.CannotFollowSelf, e.NotAnActiveEmployee, e.EmployeeNotFound, e.FollowTargetInactive
    ),
)
async def follow(
    employee_id: EmployeeId, response: Response, principal: CurrentPrincipal, ports: PortsDep
) -> FollowState:
    """Follow an active colleague; repeating it changes nothing."""
    result = await follow_employee(
        ports, follower_id=principal.sub, followee_id=employee_id, actor=principal.sub
    )
    return _answer(response, result, principal.sub, employee_id, following=True)


@router.delete("/me/following/{employee_id}")
async def unfollow(
    employee_id: EmployeeId, response: Response, principal: CurrentPrincipal, ports: PortsDep
) -> FollowState:
    """Stop following a colleague; repeating it changes nothing."""
    result = await unfollow_employee(
        ports, follower_id=principal.sub, followee_id=employee_id, actor=principal.sub
    )
    return _answer(response, result, principal.sub, employee_id, following=False)


def _answer(
    response: Response, result: CommandResult, follower: str, followee: str, *, following: bool
) -> FollowState:
    command_headers(response, result)
    return FollowState(
        follower_id=follower, followee_id=followee, following=following, version=result.version
    )


@router.get(
    "/employees/{employee_id}/followers",
    dependencies=[Depends(consistent(FOLLOWS, DIRECTORY))],
    responses=raises(e.EmployeeNotFound),
)
async def followers(
    employee_id: EmployeeId,
    principal: CurrentPrincipal,
    models: ModelsDep,
    cursor: Cursor = None,
    limit: Limit = 20,
) -> FollowPage:
    """Who follows the employee, newest first, with both counts."""
    return await _page(models, principal, "followers", employee_id, cursor, limit)


@router.get(
    "/employees/{employee_id}/following",
    dependencies=[Depends(consistent(FOLLOWS, DIRECTORY))],
    responses=raises(e.EmployeeNotFound),
)
async def following(
    employee_id: EmployeeId,
    principal: CurrentPrincipal,
    models: ModelsDep,
    cursor: Cursor = None,
    limit: Limit = 20,
) -> FollowPage:
    """Whom the employee follows, newest first, with both counts."""
    return await _page(models, principal, "following", employee_id, cursor, limit)


async def _page(
    models: ModelsDep,
    principal: CurrentPrincipal,
    side: follows.Side,
    employee_id: str,
    cursor: str | None,
    limit: int,
) -> FollowPage:
    if not visible(await directory.get_entry(models, employee_id), principal):
        raise employee_not_found(employee_id)
    page = await follows.follow_page(
        models, side, employee_id, before=decode_cursor(cursor), limit=limit
    )
    other = "follower" if side == "followers" else "followee"
    entries = await directory.get_entries(models, [doc[other] for doc in page.items])
    items = [
        FollowEntry(**summary(entries[doc[other]]).model_dump(), since=doc.get("since"))
        for doc in page.items
        if doc[other] in entries
    ]
    counts = await follows.follow_counts(models, employee_id)
    return FollowPage(
        items=items,
        next_cursor=next_cursor(page.next_before),
        followers=counts.followers,
        following=counts.following,
    )
