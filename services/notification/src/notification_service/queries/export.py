"""GDPR Art. 15/20: everything this service holds about one employee, as one document.

Complete, not sampled: each collection is read in batches of ``BATCH`` along an index
(notifications by the recipient's ``seq`` range, mails by ``employee_id`` then ``_id``),
so no single query is unbounded however much a person has.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from collab_events.notification import Preferences
from collab_replicas import Person, Replicas
from servicekit.projection import ReadModels

from notification_service.domain.catalog import CATALOG
from notification_service.domain.preferences import channels, in_app_off
from notification_service.projections.names import ADDRESSES, MAILS, NOTIFICATIONS, PREFERENCES
from notification_service.queries.centre import END
from notification_service.queries.export_models import (
    ExportedMail,
    ExportedNotification,
    ExportedPreferences,
    MailLine,
    NotificationExport,
    Recipient,
)
from notification_service.queries.preferences import preferences_of
from notification_service.queries.views import views

BATCH = 200


async def export_employee(models: ReadModels, employee_id: str) -> NotificationExport:
    """The employee's delivery facts, preferences, notifications and mails."""
    replicas = Replicas(models)
    person = await replicas.people.person(employee_id)
    address = await models[ADDRESSES].find_one({"_id": employee_id})
    preferences, _ = await preferences_of(models, employee_id)
    return NotificationExport(
        employee_id=employee_id,
        exported_at=datetime.now(UTC),
        recipient=Recipient(
            email=address.get("email") if address else None,
            locale=person.locale if person else None,
            timezone=person.timezone if person else None,
            active=person.active if person else None,
        ),
        preferences=await _preferences(models, employee_id),
        notifications=[
            n
            async for batch in _notification_batches(models, employee_id)
            for n in await _notifications(replicas, person, preferences, batch)
        ],
        mails=[_mail(doc) async for batch in _mail_batches(models, employee_id) for doc in batch],
    )


async def _preferences(models: ReadModels, employee_id: str) -> ExportedPreferences | None:
    doc = await models[PREFERENCES].find_one({"_id": employee_id})
    if doc is None:
        return None
    chosen = Preferences.model_validate(doc)
    return ExportedPreferences(
        types={t: channels(chosen, t) for t in CATALOG},
        chosen_types=sorted(chosen.types),
        digest=chosen.digest,
        digest_hour=chosen.digest_hour,
        digest_weekday=chosen.digest_weekday,
        muted_groups=list(chosen.muted_groups),
        muted_posts=list(chosen.muted_posts),
        version=int(doc.get("_v", 0)),
        digest_due_at=doc.get("due_at") if chosen.digest != "off" else None,
    )


async def _notification_batches(
    models: ReadModels, recipient: str
) -> AsyncIterator[list[dict[str, Any]]]:
    """The recipient's notifications, newest activity first, ``BATCH`` at a time."""
    low, high = f"{recipient}\x1f", f"{recipient}{END}"
    while True:
        query = {"seq": {"$gt": low, "$lt": high}}
        docs = await models[NOTIFICATIONS].find(query).sort("seq", -1).to_list(BATCH)
        if docs:
            yield docs
        if len(docs) < BATCH:
            return
        high = docs[-1]["seq"]


async def _notifications(
    replicas: Replicas,
    person: Person | None,
    preferences: Preferences,
    docs: list[dict[str, Any]],
) -> list[ExportedNotification]:
    """One batch rendered as the centre renders it, plus what the service keeps besides."""
    reader = docs[0]["recipient"]
    known = {reader: person} if person else None
    shown = await views(replicas, reader, docs, people=known)
    off = set(in_app_off(preferences))
    muted = set(preferences.muted_groups), set(preferences.muted_posts)
    return [
        ExportedNotification(
            **view.model_dump(),
            rule=doc.get("rule") or "",
            actor_ids=list(doc.get("actor_ids") or []),
            cause_count=len(doc.get("causes") or {}),
            last_event_at=doc["last_event_at"],
            in_centre=doc["type"] not in off
            and doc.get("group_id") not in muted[0]
            and doc.get("post_id") not in muted[1],
        )
        for view, doc in zip(shown, docs, strict=True)
    ]


async def _mail_batches(
    models: ReadModels, employee_id: str
) -> AsyncIterator[list[dict[str, Any]]]:
    """The employee's mail records by id, ``BATCH`` at a time (the ``employee_id`` index)."""
    after = ""
    while True:
        query = {"employee_id": employee_id, "_id": {"$gt": after}}
        docs = await models[MAILS].find(query).sort("_id", 1).to_list(BATCH)
        if docs:
            yield docs
        if len(docs) < BATCH:
            return
        after = docs[-1]["_id"]


def _mail(doc: dict[str, Any]) -> ExportedMail:
    """One mail record without its unsubscribe link (a signed capability) or SMTP errors."""
    return ExportedMail(
        id=doc["_id"],
        kind=doc["kind"],
        state=doc["state"],
        to=doc.get("to"),
        subject=doc.get("subject"),
        language=doc.get("language"),
        lines=[MailLine(title=t, url=u) for t, u in doc.get("lines") or []],
        notification_ids=list(doc.get("notification_ids") or []),
        message_id=doc.get("message_id"),
        attempts=int(doc.get("attempts") or 0),
        created_at=doc.get("created_at"),
        handed_over_at=doc.get("handed_over_at"),
        sent_at=doc.get("sent_at"),
    )
