"""The in-app centre: my notifications (newest activity first), unread count, read marks.

Order and cursor follow ``seq`` (the recipient, then the time of the last write): one range
of a single-field index. Types turned off in-app and muted groups and posts are filtered
out here, so a change of preferences applies to what is already stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collab_events.notification import NotificationType
from servicekit.projection import ReadModels

from notification_service.projections.names import NOTIFICATIONS
from notification_service.queries.preferences import hidden, preferences_of

END = "\x7f"


def _range(reader: str, before: str | None) -> dict[str, Any]:
    return {"$gt": f"{reader}\x1f", "$lt": f"{reader}\x1f{before}" if before else f"{reader}{END}"}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of documents and the cursor of the next (None: the last page)."""

    docs: list[dict[str, Any]]
    next_cursor: str | None


async def my_notifications(
    models: ReadModels,
    reader: str,
    *,
    cursor: str | None,
    limit: int,
    unread: bool | None = None,
    type_: NotificationType | None = None,
) -> Page:
    """A page of the reader's notifications, newest activity first."""
    preferences, _ = await preferences_of(models, reader)
    query: dict[str, Any] = {"seq": _range(reader, cursor), **hidden(preferences)}
    if unread is not None:
        query["read"] = not unread
    if type_ is not None:
        turned_off = query.pop("type", {}).get("$nin", [])
        query["type"] = {"$in": []} if type_ in turned_off else type_  # off in-app: none
    found = models[NOTIFICATIONS].find(query).sort("seq", -1).limit(limit + 1)
    docs = await found.to_list(limit + 1)
    more = len(docs) > limit
    docs = docs[:limit]
    next_cursor = docs[-1]["seq"].partition("\x1f")[2] if more else None
    return Page(docs, next_cursor)


async def unread_count(models: ReadModels, reader: str) -> int:
    """How many of the reader's notifications the centre shows unread."""
    preferences, _ = await preferences_of(models, reader)
    query = {"recipient": reader, "read": False, **hidden(preferences)}
    return await models[NOTIFICATIONS].count_documents(query)


async def one_notification(
    models: ReadModels, reader: str, notification_id: str
) -> dict[str, Any] | None:
    """The reader's notification, or None (someone else's is as good as absent)."""
    return await models[NOTIFICATIONS].find_one({"_id": notification_id, "recipient": reader})
