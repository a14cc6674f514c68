"""The in-app centre: my notifications (newest activity first), unread count, read marks.

Order and cursor follow ``seq`` (the recipient, then the time of the last write): one range
of the ``seq`` index, or for only the unread (or read) ones the person's part of the
``(recipient, read)`` index, whose ``seq`` is checked against the cursor here.
Types turned off in-app and muted groups and posts are filtered out here, in Python on the
documents of that range (a query with any condition outside its index makes SecantusDB
scan the whole collection), so a change of preferences applies to what is already stored.
The unread count is the inbox's counter of the person, read by ``_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collab_events.notification import NotificationType
from servicekit.batches import first_kept
from servicekit.projection import ReadModels

from notification_service.domain.preferences import in_app_off
from notification_service.projections.names import NOTIFICATIONS, UNREAD
from notification_service.queries.preferences import preferences_of, shown_by

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
    if type_ is not None and type_ in in_app_off(preferences):
        return Page([], None)  # a type turned off in-app shows nothing
    seq = _range(reader, cursor)
    query: dict[str, Any] = {"seq": seq}
    if unread is not None:
        query = {"recipient": reader, "read": not unread}  # the (recipient, read) index
    shown = shown_by(preferences)

    def wanted(doc: dict[str, Any]) -> bool:
        return (
            seq["$gt"] < doc["seq"] < seq["$lt"]
            and shown(doc)
            and (type_ is None or doc.get("type") == type_)
        )

    found = models[NOTIFICATIONS].find(query).sort("seq", -1)
    docs = await first_kept(found, wanted, limit + 1)
    more = len(docs) > limit
    docs = docs[:limit]
    next_cursor = docs[-1]["seq"].partition("\x1f")[2] if more else None
    return Page(docs, next_cursor)


async def unread_count(models: ReadModels, reader: str) -> int:
    """How many of the reader's notifications the centre shows unread: the counter the
    inbox keeps (``projections/unread.py``), one read by ``_id``."""
    doc = await models[UNREAD].find_one({"_id": reader}, {"_id": 0, "n": 1})
    return int(doc["n"]) if doc is not None else 0


async def one_notification(
    models: ReadModels, reader: str, notification_id: str
) -> dict[str, Any] | None:
    """The reader's notification, or None (someone else's is as good as absent)."""
    doc = await models[NOTIFICATIONS].find_one({"_id": notification_id})
    return doc if doc is not None and doc.get("recipient") == reader else None
