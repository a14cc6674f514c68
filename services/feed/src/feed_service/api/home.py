"""Routes of the home feed and its settings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict
from servicekit.http.commands import command_headers

from feed_service.api.deps import (
    CONSISTENT,
    HOME_CONSISTENT,
    CurrentCaller,
    Cursor,
    Limit,
    PortsDep,
    Reader,
)
from feed_service.api.errors import DomainRoute
from feed_service.domain.settings import ChangeFeedSettings, Order
from feed_service.handlers.settings import change_settings
from feed_service.projections.names import SETTINGS
from feed_service.queries.items import FeedPage
from feed_service.queries.mixed import mixed_home_feed
from feed_service.queries.ranked_items import ranked_home_feed
from feed_service.queries.reader import PostReader
from feed_service.queries.stream import feed_events

DEFAULT_ORDER: Order = "recent"


class FeedSettingsBody(BaseModel):
    """The default order of my home feed."""

    model_config = ConfigDict(extra="forbid")

    order: Order


class FeedSettingsView(FeedSettingsBody):
    """My feed settings and their version."""

    version: int


router = APIRouter(prefix="/v1/me", tags=["home"], route_class=DomainRoute)


@router.get("/feed", dependencies=[HOME_CONSISTENT])
async def read_home_feed(
    reader: Reader,
    cursor: Cursor = None,
    limit: Limit = 20,
    order: Annotated[
        Order | None, Query(description="recent (newest first) or ranked; default: mine.")
    ] = None,
) -> FeedPage:
    """My groups' posts and polls, of people I follow, my own, those that mention me, and
    the news articles for me (``kind``: post, poll or article); ranked items carry ``why``."""
    if order is None:
        settings = await reader.models[SETTINGS].find_one({"_id": reader.caller.employee_id})
        order = settings["order"] if settings else DEFAULT_ORDER
    if order == "ranked":
        return await ranked_home_feed(reader, cursor, limit)
    return await mixed_home_feed(reader, cursor, limit)


LastEventId = Annotated[
    str | None,
    Header(
        alias="Last-Event-ID",
        description="The id of the last event received: the stream resumes after it.",
        json_schema_extra={"pattern": r"^[\x21-\x7e]{1,300}$", "maxLength": 300},
    ),
]
EVENT_STREAM: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}
}


@router.get("/feed/stream", response_class=StreamingResponse, responses=EVENT_STREAM)
async def stream_home_feed(
    request: Request, caller: CurrentCaller, last_event_id: LastEventId = None
) -> StreamingResponse:
    """New items of my home feed as Server-Sent Events (``event: post``), with heartbeats."""
    models = request.app.state.runtime.models
    events = feed_events(
        lambda: PostReader(models, caller, datetime.now(UTC)),
        last_event_id,
        request.is_disconnected,
    )
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


@router.get("/feed-settings", dependencies=[CONSISTENT])
async def read_feed_settings(reader: Reader) -> FeedSettingsView:
    """My default home-feed order (recent until I choose)."""
    doc = await reader.models[SETTINGS].find_one({"_id": reader.caller.employee_id})
    if doc is None:
        return FeedSettingsView(order=DEFAULT_ORDER, version=0)
    return FeedSettingsView(order=doc["order"], version=doc["_v"])


@router.put("/feed-settings")
async def put_feed_settings(
    body: FeedSettingsBody, response: Response, caller: CurrentCaller, ports: PortsDep
) -> FeedSettingsView:
    """Choose the default order of my home feed."""
    result = await change_settings(ports, ChangeFeedSettings(caller, body.order))
    command_headers(response, result)
    return FeedSettingsView(order=body.order, version=result.version)
