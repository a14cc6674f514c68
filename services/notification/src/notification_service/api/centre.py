"""Routes of the in-app centre: list, unread count, read marks, "why did I get this"."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from collab_events.notification import NotificationType
from collab_replicas import Replicas
from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from servicekit.http.commands import command_headers
from servicekit.http.cursors import decode_cursor, next_cursor

from notification_service.api.deps import (
    INBOX_CONSISTENT,
    Cursor,
    Limit,
    Me,
    Models,
    NotificationId,
    PortsDep,
)
from notification_service.api.errors import DomainRoute, raises
from notification_service.domain.errors import NotificationNotFound
from notification_service.domain.reads import MarkAllRead, MarkRead
from notification_service.handlers.reads import mark_all_read, mark_read
from notification_service.queries import centre
from notification_service.queries.views import NotificationView, views
from notification_service.queries.why import Why, explain

router = APIRouter(prefix="/v1/me/notifications", tags=["notifications"], route_class=DomainRoute)


class NotificationPage(BaseModel):
    """A page of my notifications, newest activity first; ``next_cursor`` continues it."""

    items: list[NotificationView]
    next_cursor: str | None


class UnreadCount(BaseModel):
    """How many notifications the centre shows unread."""

    unread: int


class ReadAll(BaseModel):
    """Everything up to ``until`` is (or, once applied, will be) read."""

    until: datetime | None = Field(description="None: nothing new since the last time.")


@router.get("", dependencies=[INBOX_CONSISTENT])
async def list_notifications(
    me: Me,
    models: Models,
    cursor: Cursor = None,
    limit: Limit = 20,
    unread: Annotated[bool | None, Query(description="true: only unread ones.")] = None,
    type: Annotated[NotificationType | None, Query(description="Only this type.")] = None,
) -> NotificationPage:
    """My notifications (cursor-paged), titles in my language."""
    page = await centre.my_notifications(
        models, me, cursor=decode_cursor(cursor), limit=limit, unread=unread, type_=type
    )
    items = await views(Replicas(models), me, page.docs)
    return NotificationPage(items=items, next_cursor=next_cursor(page.next_cursor))


@router.get("/unread-count", dependencies=[INBOX_CONSISTENT])
async def count_unread(me: Me, models: Models) -> UnreadCount:
    """The badge: how many of my notifications are unread."""
    return UnreadCount(unread=await centre.unread_count(models, me))


@router.post("/read-all")
async def read_all(response: Response, me: Me, ports: PortsDep) -> ReadAll:
    """Mark every notification of mine read (up to now)."""
    result = await mark_all_read(ports, MarkAllRead(me, datetime.now(UTC)))
    command_headers(response, result)
    return ReadAll(until=result.events[0].time if result.events else None)


@router.post("/{notification_id}/read", responses=raises(NotificationNotFound))
async def read_one(
    notification_id: NotificationId, response: Response, me: Me, ports: PortsDep
) -> NotificationView:
    """Mark one notification read (a later actor makes a group unread again)."""
    doc = await centre.one_notification(ports.models, me, notification_id)
    if doc is None:
        raise NotificationNotFound()
    command = MarkRead(me, notification_id, doc["last_event_at"])
    command_headers(response, await mark_read(ports, command))
    [view] = await views(Replicas(ports.models), me, [doc])
    return view.model_copy(update={"read": True})


@router.get("/{notification_id}/why", responses=raises(NotificationNotFound))
async def why(notification_id: NotificationId, me: Me, models: Models) -> Why:
    """The rule that fired and the events that caused this notification."""
    doc = await centre.one_notification(models, me, notification_id)
    if doc is None:
        raise NotificationNotFound()
    return explain(doc)
