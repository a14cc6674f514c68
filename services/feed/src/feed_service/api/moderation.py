"""Routes of moderation: report a post, the queue, hide and restore (each an event)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, StringConstraints
from servicekit.http.commands import command_headers

from feed_service.api.deps import CONSISTENT, CurrentCaller, Cursor, Limit, PortsDep, PostId, Reader
from feed_service.api.errors import DomainRoute, raises
from feed_service.api.models import CommandResult
from feed_service.domain.commands import HidePost, ReportPost, RestorePost
from feed_service.domain.errors import NotAllowed, PostNotFound
from feed_service.handlers import moderation as handle
from feed_service.queries.moderation import report_queue
from feed_service.queries.views import ReportQueue

Reason = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class ReasonBody(BaseModel):
    """Why: shown to the moderators, kept in the audit log (the event)."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason


router = APIRouter(prefix="/v1", tags=["moderation"], route_class=DomainRoute)


@router.post("/posts/{post_id}/reports", responses=raises(PostNotFound))
async def report_post(
    post_id: PostId, body: ReasonBody, response: Response, caller: CurrentCaller, ports: PortsDep
) -> CommandResult:
    """Report a post you can read to its moderators (once; a repeat changes nothing)."""
    result = await handle.report(ports, ReportPost(post_id, caller, body.reason))
    command_headers(response, result)
    return CommandResult(id=post_id, version=result.version)


@router.get("/moderation/reports", dependencies=[CONSISTENT])
async def list_reports(reader: Reader, cursor: Cursor = None, limit: Limit = 20) -> ReportQueue:
    """Open reports: of your groups if you moderate any, of everything for platform admins."""
    return await report_queue(reader, cursor, limit)


@router.post("/posts/{post_id}/hide", responses=raises(PostNotFound, NotAllowed))
async def hide_post(
    post_id: PostId, body: ReasonBody, response: Response, caller: CurrentCaller, ports: PortsDep
) -> CommandResult:
    """Hide the post from all but its author and moderators (group moderators and up)."""
    result = await handle.hide(ports, HidePost(post_id, caller, body.reason))
    command_headers(response, result)
    return CommandResult(id=post_id, version=result.version)


@router.post("/posts/{post_id}/restore", responses=raises(PostNotFound, NotAllowed))
async def restore_post(
    post_id: PostId, body: ReasonBody, response: Response, caller: CurrentCaller, ports: PortsDep
) -> CommandResult:
    """Make a hidden post visible again (group moderators and up)."""
    result = await handle.restore(ports, RestorePost(post_id, caller, body.reason))
    command_headers(response, result)
    return CommandResult(id=post_id, version=result.version)
