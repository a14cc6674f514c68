"""Routes of the in-app centre: list, unread count, read marks, "why did I get this"."""

from __future__ import annotations

from typing import Annotated

from collab_events.notification import NotificationType
from collab_replicas import Replicas
from fastapi import APIRouter, Query
from pydantic import BaseModel
from servicekit.http.cursors import decode_cursor, next_cursor

from notification_service.api.deps import Cursor, Limit, Me, Models, NotificationId
from notification_service.api.errors import DomainRoute, raises
from notification_service.domain.errors import NotificationNotFound
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
    """How many notifications were marked read."""

    marked: int


@router.get("")
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


@router.get("/unread-count")
async def count_unread(me: Me, models: Models) -> UnreadCount:
    """The badge: how many of my notifications are unread."""
    return UnreadCount(unread=await centre.unread_count(models, me))


@router.post("/read-all")
async def read_all(me: Me, models: Models) -> ReadAll:
    """Mark every notification of mine read."""
    return ReadAll(marked=await centre.mark_all_read(models, me))


@router.post("/{notification_id}/read", responses=raises(NotificationNotFound))
async def read_one(notification_id: NotificationId, me: Me, models: Models) -> NotificationView:
    """Mark one notification read (a later actor makes a group unread again)."""
    if not await centre.mark_read(models, me, notification_id):
        raise NotificationNotFound()
    doc = await centre.one_notification(models, me, notification_id)
    if doc is None:
        raise NotificationNotFound()
    return (await views(Replicas(models), me, [doc]))[0]


@router.get("/{notification_id}/why", responses=raises(NotificationNotFound))
async def why(notification_id: NotificationId, me: Me, models: Models) -> Why:
    """The rule that fired and the events that caused this notification."""
    doc = await centre.one_notification(models, me, notification_id)
    if doc is None:
        raise NotificationNotFound()
    return explain(doc)
