"""Routes of groups: create, directory search, detail, settings, archive, delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from collab_events import uuid7
from fastapi import APIRouter, Header, Query, Response
from servicekit.http.commands import ExpectedVersion, command_headers
from servicekit.http.openapi import with_etag

from group_service.api.deps import (
    CONSISTENT,
    CurrentCaller,
    Cursor,
    GroupId,
    Limit,
    Models,
    PortsDep,
)
from group_service.api.errors import DomainRoute, raises
from group_service.api.models import GroupChanges, GroupCommandResult, NewGroup, unique_tags
from group_service.domain.commands import ChangeSettings, CreateGroup
from group_service.domain.errors import GroupArchived, GroupNotFound, NotAllowed
from group_service.domain.model import Caller
from group_service.handlers import groups as handle
from group_service.queries.groups import GroupFilter, group_detail, search_groups
from group_service.queries.views import GroupDetail, GroupPage

MANAGE = raises(GroupNotFound, NotAllowed)
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1c2a8e-5d0b-4c57-9a43-2b1e7c9d0f11")


def new_group_id(caller: Caller, idempotency_key: str | None) -> str:
    """A fresh id, or the same id for every retry with the same Idempotency-Key."""
    if idempotency_key is None:
        return uuid7()
    return str(uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{caller.employee_id}\n{idempotency_key}"))


router = APIRouter(prefix="/v1/groups", tags=["groups"], route_class=DomainRoute)


@router.post("", status_code=201)
async def create_group(
    body: NewGroup,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> GroupCommandResult:
    """Create a group; the caller becomes its owner. Retry-safe with Idempotency-Key."""
    group_id = new_group_id(caller, idempotency_key)
    command = CreateGroup(
        group_id,
        caller,
        body.name,
        body.description,
        body.language,
        unique_tags(body.tags),
        body.visibility,
        body.join_policy,
    )
    result = await handle.create_group(ports, command)
    command_headers(response, result)
    response.headers["Location"] = f"/v1/groups/{group_id}"
    return GroupCommandResult(id=group_id, version=result.version)


@router.get("", dependencies=[CONSISTENT])
async def find_groups(
    caller: CurrentCaller,
    models: Models,
    cursor: Cursor = None,
    limit: Limit = 20,
    q: Annotated[str | None, Query(max_length=100)] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[str | None, Query(max_length=35)] = None,
    needs_owner: bool | None = None,
) -> GroupPage:
    """The directory: groups the caller may see, by name or tag, in name order."""
    flt = GroupFilter(q=q, tag=tag, language=language, needs_owner=needs_owner)
    return await search_groups(models, caller, flt, cursor=cursor, limit=limit)


@router.get("/{group_id}", dependencies=[CONSISTENT], responses=raises(GroupNotFound) | with_etag())
async def get_group(
    group_id: GroupId, response: Response, caller: CurrentCaller, models: Models
) -> GroupDetail:
    """One group with its member count and the caller's status and role."""
    detail = await group_detail(models, group_id, caller)
    response.headers["ETag"] = f'"{detail.version}"'
    return detail


@router.patch("/{group_id}", responses=raises(GroupNotFound, NotAllowed, GroupArchived))
async def change_group(
    group_id: GroupId,
    body: GroupChanges,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> GroupCommandResult:
    """Change settings (owners and admins); honours If-Match."""
    command = ChangeSettings(
        group_id,
        caller,
        body.name,
        body.description,
        body.language,
        None if body.tags is None else unique_tags(body.tags),
        body.visibility,
        body.join_policy,
    )
    result = await handle.change_settings(ports, command, expected=expected)
    command_headers(response, result)
    return GroupCommandResult(id=group_id, version=result.version)


@router.post("/{group_id}/archive", responses=MANAGE)
async def archive_group(
    group_id: GroupId,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> GroupCommandResult:
    """Make the group read-only (owners and admins)."""
    result = await handle.archive(ports, group_id, caller, expected=expected)
    command_headers(response, result)
    return GroupCommandResult(id=group_id, version=result.version)


@router.post("/{group_id}/unarchive", responses=MANAGE)
async def unarchive_group(
    group_id: GroupId,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> GroupCommandResult:
    """Make the group writable again (owners and admins)."""
    result = await handle.unarchive(ports, group_id, caller, expected=expected)
    command_headers(response, result)
    return GroupCommandResult(id=group_id, version=result.version)


@router.delete("/{group_id}", status_code=204, responses=MANAGE)
async def delete_group(
    group_id: GroupId,
    expected: ExpectedVersion,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
) -> None:
    """Delete the group (owners and admins)."""
    result = await handle.delete(ports, group_id, caller, expected=expected)
    command_headers(response, result)
