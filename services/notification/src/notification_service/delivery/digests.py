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
from collab_replicas import Person
from pymongo import UpdateOne
from servicekit.batches import first_kept

from notification_service.delivery import outbox
from notification_service.delivery.compose import as_doc
from notification_service.delivery.compose_for import compose
from notification_service.ports import Ports
from notification_service.projections.names import ADDRESSES, MAILS, NOTIFICATIONS, PREFERENCES
from notification_service.queries.preferences import shown_by

MAX_LINES = 50
CHUNK = 50  # people per $in read (SecantusDB answers an $in of n ids in ~n^2 time)
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


def _due_id(doc: dict[str, Any], person: Person | None, now: datetime) -> str | None:
    """The id of the digest mail due now for this person, or None (not yet)."""
    preferences = Preferences.model_validate(doc)
    key = period_due(preferences, local_time(now, person.timezone if person else None))
    return None if key is None else f"digest:{doc['_id']}:{key}"


async def _digest_one(
    ports: Ports, doc: dict[str, Any], person: Person | None, mail_id: str, now: datetime
) -> dict[str, Any] | None:
    me, preferences = doc["_id"], Preferences.model_validate(doc)
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
    shown = shown_by(preferences)

    def wanted(doc: dict[str, Any]) -> bool:  # not mailed on its own, new since, shown
        last = doc.get("last_event_at")
        return doc.get("mailed") is not True and last is not None and last > since and shown(doc)

    # The person's unread ones by the (recipient, read) index; the rest is checked here.
    found = ports.models[NOTIFICATIONS].find({"recipient": me, "read": False}).sort("seq", -1)
    docs = await first_kept(found, wanted, MAX_LINES)
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
        people={me: person} if person else None,
    )
    ids = [d["_id"] for d in docs]
    record = {**base, "state": "pending", "notification_ids": ids, **as_doc(mail)}
    return record if await outbox.claim(ports.models, record) else None


async def queue_digests(ports: Ports, now: datetime) -> list[dict[str, Any]]:
    """Compose every digest that is due now; the mail records claimed (the caller sends them).

    Only people whose ``due_at`` has come are read (one range of its index: a tick costs
    what is due, not every subscriber); each is decided per chunk of 50 (one ``$in`` read
    of the people and one of the mail ids) and given the start of their next period.
    """
    found = ports.models[PREFERENCES].find({"due_at": {"$lte": now}})
    claimed, chunk = [], []
    async for doc in found:
        chunk.append(doc)
        if len(chunk) == CHUNK:
            claimed += await _digest_chunk(ports, chunk, now)
            chunk = []
    return claimed + await _digest_chunk(ports, chunk, now)


def next_due(preferences: Preferences, local: datetime) -> datetime | None:
    """The first moment after ``local`` at which a new period's digest is due (None: off)."""
    hour = preferences.digest_hour
    if preferences.digest == "daily":
        start, step = local.replace(hour=hour, minute=0, second=0, microsecond=0), timedelta(1)
    elif preferences.digest == "weekly":
        day = local + timedelta(days=(preferences.digest_weekday - local.weekday()) % 7)
        start, step = day.replace(hour=hour, minute=0, second=0, microsecond=0), timedelta(7)
    else:
        return None
    # Same tzinfo: the addition keeps the wall-clock hour across daylight saving changes.
    return start if start > local else start + step


async def _reschedule(
    ports: Ports, docs: list[dict[str, Any]], people: dict[str, Person], now: datetime
) -> None:
    """Move each person's ``due_at`` to their next period (unless their preferences changed
    meanwhile: the change set its own)."""
    ops = []
    for doc in docs:
        person = people.get(doc["_id"])
        local = local_time(now, person.timezone if person else None)
        due = next_due(Preferences.model_validate(doc), local)
        query = {"_id": doc["_id"], "_v": doc.get("_v", 0)}
        ops.append(UpdateOne(query, {"$set": {"due_at": due}}))
    if ops:
        await ports.models[PREFERENCES].bulk_write(ops, ordered=False)


async def _digest_chunk(
    ports: Ports, docs: list[dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    if not docs:
        return []
    people = await ports.replicas.people.people_by_id([d["_id"] for d in docs])
    due = {d["_id"]: _due_id(d, people.get(d["_id"]), now) for d in docs}
    ids = [m for m in due.values() if m is not None]
    existing: set[str] = set()
    if ids:
        known = ports.models[MAILS].find({"_id": {"$in": ids}}, {"_id": 1})
        existing = {m["_id"] async for m in known}
    claimed = []
    for doc in docs:
        mail_id = due[doc["_id"]]
        if mail_id is None or mail_id in existing:
            continue
        record = await _digest_one(ports, doc, people.get(doc["_id"]), mail_id, now)
        if record is not None:
            claimed.append(record)
    await _reschedule(ports, docs, people, now)
    return claimed
