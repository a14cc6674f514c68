"""The live stream of my notifications (Server-Sent Events)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent

from notification_service.api.deps import Me, Models
from notification_service.api.errors import DomainRoute
from notification_service.queries.stream import notification_events

router = APIRouter(prefix="/v1/me/notifications", tags=["notifications"], route_class=DomainRoute)
LastEventId = Annotated[
    str | None,
    Header(
        alias="Last-Event-ID",
        description="The id of the last event received: the stream resumes after it.",
        json_schema_extra={"pattern": r"^[\x21-\x7e]{1,300}$", "maxLength": 300},
    ),
]


@router.get("/stream", response_class=EventSourceResponse)
async def stream(
    request: Request, me: Me, models: Models, last_event_id: LastEventId = None
) -> AsyncIterator[ServerSentEvent]:
    """New notifications (``event: notification``) and the unread count, with keep-alives."""
    heartbeat_s = request.app.state.runtime.ports.options.stream_heartbeat_s
    frames = notification_events(
        models, me, last_event_id, request.is_disconnected, heartbeat_s=heartbeat_s
    )
    async for frame in frames:
        if frame is None:
            yield ServerSentEvent(comment="keep-alive")
            continue
        event, data, event_id = frame
        yield ServerSentEvent(raw_data=data, event=event, id=event_id, retry=1000)
