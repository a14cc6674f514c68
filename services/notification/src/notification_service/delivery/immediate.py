"""Immediate mails: new notifications of the types a person wants by e-mail.

The mailer reads the queue (``projections.mailqueue``) in windows of keys above its read
mark, never a query whose matches grow with the backlog, and handles each entry (at most
50 notifications) as one chunk: one ``$in`` read per collection (notifications, preferences,
addresses, people), one bulk of mail records, one bulk of notification updates, one bulk of
entry deletions. The read mark moves past a key only ``mail_queue_settle_s`` after the key
was handed out, so an entry written late (keys are taken just before their entries are
inserted) is still found by a later tick.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from collab_events.notification import Preferences
from collab_replicas import Person
from pymongo import UpdateOne

from notification_service.delivery import outbox
from notification_service.delivery.compose import as_doc
from notification_service.delivery.compose_for import compose
from notification_service.domain.preferences import DEFAULT, channels
from notification_service.ports import Ports
from notification_service.projections.mailqueue import DONE, NEXT
from notification_service.projections.names import (
    ADDRESSES,
    MAIL_KEYS,
    MAIL_QUEUE,
    NOTIFICATIONS,
    PREFERENCES,
)

BATCH = 500  # notifications handled per tick at most
WINDOW = 10  # keys per range read: at most 10 entries of at most 50 notifications
CHUNK = 50  # ids per $in read (SecantusDB answers an $in of n ids in ~n^2 time)


def wants_mail(preferences: Preferences, doc: dict[str, Any]) -> bool:
    """Whether the type goes by e-mail and nothing mutes it."""
    if not channels(preferences, doc["type"]).email:
        return False
    if doc.get("group_id") in preferences.muted_groups:
        return False
    return doc.get("post_id") not in preferences.muted_posts


async def _by_id(ports: Ports, name: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    found = ports.models[name].find({"_id": {"$in": list(ids)}})
    return {doc["_id"]: doc async for doc in found}


class _Facts:
    """What deciding and composing the mails of one chunk needs, read once per collection."""

    def __init__(
        self,
        preferences: dict[str, dict[str, Any]],
        addresses: dict[str, dict[str, Any]],
        people: dict[str, Person],
    ) -> None:
        self.preferences, self.addresses, self.people = preferences, addresses, people

    def preferences_of(self, employee_id: str) -> Preferences:
        doc = self.preferences.get(employee_id)
        return DEFAULT if doc is None else Preferences.model_validate(doc)


async def _facts(ports: Ports, docs: Sequence[dict[str, Any]]) -> _Facts:
    recipients = sorted({d["recipient"] for d in docs})
    actors = {a for d in docs for a in d.get("actor_ids") or []}
    wanted = sorted(set(recipients) | actors)
    people: dict[str, Person] = {}
    for start in range(0, len(wanted), CHUNK):
        people.update(await ports.replicas.people.people_by_id(wanted[start : start + CHUNK]))
    return _Facts(
        await _by_id(ports, PREFERENCES, recipients),
        await _by_id(ports, ADDRESSES, recipients),
        people,
    )


async def _mail_of(
    ports: Ports, doc: dict[str, Any], facts: _Facts, now: datetime
) -> dict[str, Any] | None:
    """The mail record of one notification, or None when it is not mailed on its own."""
    me = doc["recipient"]
    if doc["last_event_at"] < now - timedelta(seconds=ports.options.immediate_max_age_s):
        return None  # the past (a rebuild, a late preference change) is not mailed
    address, person = facts.addresses.get(me), facts.people.get(me)
    active = person is None or person.active  # unknown people count as active
    if address is None or not active or not wants_mail(facts.preferences_of(me), doc):
        return None
    mail_id = f"n:{doc['_id']}"
    mail = await compose(
        ports.replicas,
        ports.options,
        mail_id=mail_id,
        to=address["email"],
        employee_id=me,
        docs=[doc],
        digest=False,
        people=facts.people,
    )
    return {
        "_id": mail_id,
        "employee_id": me,
        "kind": "immediate",
        "notification_ids": [doc["_id"]],
        "state": "pending",
        "attempts": 0,
        "next_at": now,
        "created_at": now,
        **as_doc(mail),
    }


async def _check(ports: Ports, entry: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """Compose and record the mails of one entry's notifications; the records claimed now."""
    notes = ports.models[NOTIFICATIONS]
    ids = list(dict.fromkeys(entry["ids"]))[:CHUNK]
    # By _id alone (the flag is checked here: with it in the query SecantusDB scans them all).
    found = await notes.find({"_id": {"$in": ids}}).to_list(None)
    docs = [d for d in found if d.get("mail_check") is True]
    claimed: list[dict[str, Any]] = []
    if docs:
        facts = await _facts(ports, docs)
        mails = {d["_id"]: await _mail_of(ports, d, facts, now) for d in docs}
        records = [m for m in mails.values() if m is not None]
        new = await outbox.claim_many(ports.models, records)
        claimed = [m for m in records if m["_id"] in new]
        updates = [
            UpdateOne(
                {"_id": nid},
                {"$unset": {"mail_check": ""}, **({"$set": {"mailed": True}} if mail else {})},
            )  # mailed: digests leave it out
            for nid, mail in mails.items()
        ]
        await notes.bulk_write(updates, ordered=False)
    await ports.models[MAIL_QUEUE].delete_one({"_id": entry["_id"]})
    return claimed


async def queue_immediate(ports: Ports, now: datetime) -> list[dict[str, Any]]:
    """Compose a mail for each queued notification not checked yet, then mark it checked;
    the mail records this call claimed (the caller sends them)."""
    state = await _by_id(ports, MAIL_KEYS, [NEXT, DONE])
    last = int(state.get(NEXT, {}).get("value", 0))
    mark = state.get(DONE, {})
    low, handled, claimed = int(mark.get("value", 0)), 0, []
    while low < last and handled < BATCH:
        high = min(low + WINDOW, last)
        window = ports.models[MAIL_QUEUE].find({"key": {"$gt": low, "$lte": high}})
        for entry in await window.to_list(None):
            claimed += await _check(ports, entry, now)
            handled += len(entry["ids"])
        low = high
    await _advance(ports, mark, low, last)
    return claimed


async def _advance(ports: Ports, mark: dict[str, Any], low: int, last: int) -> None:
    """Move the read mark to ``low`` as far as keys handed out long enough ago allow.

    ``marks`` remembers (wall time, last key handed out) of recent ticks: a key at or below
    one recorded ``mail_queue_settle_s`` ago had its entry written by now.
    """
    settle, clock = ports.options.mail_queue_settle_s, time.time()
    marks = [(float(t), int(v)) for t, v in mark.get("marks", [])]
    settled = [v for t, v in marks if t <= clock - settle]
    done = int(mark.get("value", 0))
    if settled:
        done = max(done, min(low, max(settled)))
    kept = [[t, v] for t, v in marks if t > clock - settle] + [[clock, last]]
    await ports.models[MAIL_KEYS].update_one(
        {"_id": DONE}, {"$max": {"value": done}, "$set": {"marks": kept[-64:]}}, upsert=True
    )
