"""Immediate mails: new notifications of the types a person wants by e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from collab_events.notification import Preferences

from notification_service.delivery import outbox
from notification_service.delivery.compose import as_doc
from notification_service.delivery.compose_for import compose
from notification_service.domain.preferences import channels
from notification_service.ports import Ports
from notification_service.projections.names import ADDRESSES, NOTIFICATIONS
from notification_service.queries.preferences import preferences_of

BATCH = 500


def wants_mail(preferences: Preferences, doc: dict[str, Any]) -> bool:
    """Whether the type goes by e-mail and nothing mutes it."""
    if not channels(preferences, doc["type"]).email:
        return False
    if doc.get("group_id") in preferences.muted_groups:
        return False
    return doc.get("post_id") not in preferences.muted_posts


async def _mail_one(ports: Ports, doc: dict[str, Any], now: datetime) -> bool:
    me = doc["recipient"]
    if doc["last_event_at"] < now - timedelta(seconds=ports.options.immediate_max_age_s):
        return False  # the past (a rebuild, a late preference change) is not mailed
    preferences, _ = await preferences_of(ports.models, me)
    address = await ports.models[ADDRESSES].find_one({"_id": me})
    status = await ports.replicas.people.status(me)
    if address is None or not status.active or not wants_mail(preferences, doc):
        return False
    mail_id = f"n:{doc['_id']}"
    mail = await compose(
        ports.replicas,
        ports.options,
        mail_id=mail_id,
        to=address["email"],
        employee_id=me,
        docs=[doc],
        digest=False,
    )
    await outbox.claim(
        ports.models,
        {
            "_id": mail_id,
            "employee_id": me,
            "kind": "immediate",
            "notification_ids": [doc["_id"]],
            "state": "pending",
            "attempts": 0,
            "next_at": now,
            "created_at": now,
            **as_doc(mail),
        },
    )
    return True


async def queue_immediate(ports: Ports, now: datetime) -> None:
    """Compose a mail for each notification not checked yet, then mark it checked."""
    notes = ports.models[NOTIFICATIONS]
    for doc in await notes.find({"mail_check": True}).to_list(BATCH):
        mailed = await _mail_one(ports, doc, now)
        change: dict[str, Any] = {"$unset": {"mail_check": ""}}
        if mailed:
            change["$set"] = {"mailed": True}  # digests leave it out
        await notes.update_one({"_id": doc["_id"]}, change)
