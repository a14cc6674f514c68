"""The mails collection: each mail is recorded before it is sent and after.

States: ``pending`` (composed, not tried), ``sending`` (an attempt began: connecting, the
envelope), ``handed_over`` (DATA began: the server may have taken the mail), ``retry`` (an
attempt failed, ``next_at`` says when to try again), ``sent``, ``failed`` (given up),
``empty`` (a digest with nothing to tell). A mail id is deterministic (``n:<notification>``,
``digest:<person>:<period>``), so composing it again finds the existing record and a replay
or a second mailer sends nothing new. An attempt that was begun but never recorded
(``sending`` or ``handed_over`` past the timeout: the process died mid-send) is resent with
the same Message-ID and content. From ``sending`` nothing can have been delivered; only a
``handed_over`` one may arrive twice, as the same message, which receivers deduplicate by
its Message-ID.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.errors import BulkWriteError, DuplicateKeyError
from servicekit.projection import ReadModels

from notification_service.projections.names import MAILS

HANDED_OVER = "handed_over"  # DATA began: whether the server kept the mail is in doubt


async def index_mails(models: ReadModels) -> None:
    """The mailer's queries: due mails, a person's last digest."""
    await models[MAILS].create_index([("state", ASCENDING), ("next_at", ASCENDING)])
    await models[MAILS].create_index([("employee_id", ASCENDING), ("kind", ASCENDING)])


async def claim(models: ReadModels, doc: dict[str, Any]) -> bool:
    """Record a composed mail as pending; False when it exists already (never twice)."""
    try:
        await models[MAILS].insert_one(doc)
    except DuplicateKeyError:
        return False
    return True


async def claim_many(models: ReadModels, docs: list[dict[str, Any]]) -> set[str]:
    """Record composed mails as pending in one bulk; the ids that were new (never twice)."""
    if not docs:
        return set()
    try:
        await models[MAILS].insert_many(docs, ordered=False)
    except BulkWriteError as error:
        failed = error.details.get("writeErrors", [])
        if any(e.get("code") != 11000 for e in failed):
            raise
        existing = {int(e["index"]) for e in failed}
        return {d["_id"] for i, d in enumerate(docs) if i not in existing}
    return {d["_id"] for d in docs}


async def due(
    models: ReadModels, now: datetime, sending_timeout_s: float, limit: int = 100
) -> list[dict[str, Any]]:
    """Mails to (re)try now: retry whose time came, interrupted attempts, and pending ones
    left behind (their composer stopped before sending them).

    The composer sends what it claims in the same tick, so each of these ranges of the
    ``(state, next_at)`` index holds only the exceptions, never the whole backlog; each is
    read alone (SecantusDB materialises every match of an ``$or`` before the limit).
    """
    stale = now - timedelta(seconds=sending_timeout_s)
    found: list[dict[str, Any]] = []
    ranges = (("retry", now), ("sending", stale), (HANDED_OVER, stale), ("pending", stale))
    for state, until in ranges:
        query = {"state": state, "next_at": {"$lte": until}}
        found += await models[MAILS].find(query).to_list(limit)
    found.sort(key=lambda d: d["next_at"])
    return found[:limit]


async def begin_attempt(models: ReadModels, mail_id: str, state: str, now: datetime) -> int | None:
    """Mark an attempt begun (only from the state it was found in); its number, or None."""
    doc = await models[MAILS].find_one_and_update(
        {"_id": mail_id, "state": state},
        {"$set": {"state": "sending", "next_at": now}, "$inc": {"attempts": 1}},
        return_document=True,
    )
    return None if doc is None else int(doc["attempts"])


async def hand_over(models: ReadModels, mail_id: str, now: datetime) -> None:
    """Record that DATA begins (the only step after which the server may hold the mail)."""
    query = {"_id": mail_id, "state": "sending"}
    await models[MAILS].update_one(query, {"$set": {"state": HANDED_OVER, "handed_over_at": now}})


async def finish(models: ReadModels, mail_id: str, state: str, **fields: Any) -> None:
    """Record the end of an attempt: sent, retry (with ``next_at``) or failed."""
    await models[MAILS].update_one({"_id": mail_id}, {"$set": {"state": state, **fields}})
