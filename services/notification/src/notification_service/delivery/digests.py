"""Digests: once a day or week, at the person's local hour, what they have not seen.

A digest is due once its local hour (and, weekly, its weekday) has come in the person's
time zone (the people replica; UTC when unknown or invalid); its id names the period
(``digest:<e>:<local date>`` or ``…:<ISO year>-W<week>``), so each period mails once. It
holds the unread notifications since the previous digest that were not mailed on their own
and are not hidden by the person's preferences; a period with none records ``empty``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from collab_events.notification import Preferences

from notification_service.delivery import outbox
from notification_service.delivery.compose import as_doc
from notification_service.delivery.compose_for import compose
from notification_service.ports import Ports
from notification_service.projections.names import ADDRESSES, MAILS, NOTIFICATIONS, PREFERENCES
from notification_service.queries.preferences import hidden

MAX_LINES = 50
PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


def local_time(now: datetime, timezone: str | None) -> datetime:
    """``now`` in the person's time zone (UTC when unknown)."""
    try:
        return now.astimezone(ZoneInfo(timezone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(ZoneInfo("UTC"))


def period_due(preferences: Preferences, local: datetime) -> str | None:
    """The key of the period whose digest is due at ``local``, or None (not yet)."""
    if preferences.digest == "daily" and local.hour >= preferences.digest_hour:
        return local.date().isoformat()
    if preferences.digest == "weekly":
        moment = (local.weekday(), local.hour)
        if moment >= (preferences.digest_weekday, preferences.digest_hour):
            year, week, _ = local.isocalendar()
            return f"{year}-W{week:02d}"
    return None


async def _since(ports: Ports, employee_id: str, now: datetime, period: timedelta) -> datetime:
    last = (
        await ports.models[MAILS]
        .find({"employee_id": employee_id, "kind": "digest"})
        .sort("created_at", -1)
        .to_list(1)
    )
    return last[0]["created_at"] if last else now - period


async def _digest_one(ports: Ports, doc: dict[str, Any], now: datetime) -> dict[str, Any] | None:
    me, preferences = doc["_id"], Preferences.model_validate(doc)
    person = await ports.replicas.people.person(me)
    key = period_due(preferences, local_time(now, person.timezone if person else None))
    mail_id = f"digest:{me}:{key}"
    if key is None or await ports.models[MAILS].find_one({"_id": mail_id}, {"_id": 1}):
        return None
    base = {
        "_id": mail_id,
        "employee_id": me,
        "kind": "digest",
        "attempts": 0,
        "next_at": now,
        "created_at": now,
    }
    address = await ports.models[ADDRESSES].find_one({"_id": me})
    since = await _since(ports, me, now, PERIOD[preferences.digest])
    query = {
        "recipient": me,
        "read": False,
        "mailed": {"$ne": True},
        "last_event_at": {"$gt": since},
        **hidden(preferences),
    }
    docs = await ports.models[NOTIFICATIONS].find(query).sort("seq", -1).to_list(MAX_LINES)
    if not docs or address is None or (person is not None and not person.active):
        await outbox.claim(ports.models, {**base, "state": "empty", "notification_ids": []})
        return None
    mail = await compose(
        ports.replicas,
        ports.options,
        mail_id=mail_id,
        to=address["email"],
        employee_id=me,
        docs=docs,
        digest=True,
    )
    ids = [d["_id"] for d in docs]
    record = {**base, "state": "pending", "notification_ids": ids, **as_doc(mail)}
    return record if await outbox.claim(ports.models, record) else None


async def queue_digests(ports: Ports, now: datetime) -> list[dict[str, Any]]:
    """Compose every digest that is due now; the mail records claimed (the caller sends them)."""
    found = ports.models[PREFERENCES].find({"digest": {"$in": ["daily", "weekly"]}})
    claimed = []
    async for doc in found:
        if (record := await _digest_one(ports, doc, now)) is not None:
            claimed.append(record)
    return claimed
