"""The mails collection: each mail is recorded before it is sent and after.

States: ``pending`` (composed, not tried), ``sending`` (an attempt began), ``retry`` (an
attempt failed, ``next_at`` says when to try again), ``sent``, ``failed`` (given up),
``empty`` (a digest with nothing to tell). A mail id is deterministic (``n:<notification>``,
``digest:<person>:<period>``), so composing it again finds the existing record and a replay
or a second mailer sends nothing new. An attempt that was begun but never recorded
(``sending`` past the timeout: the process died mid-send) is resent with the same
Message-ID and content, so the receiving side sees one message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError
from servicekit.projection import ReadModels

from notification_service.projections.names import MAILS


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


async def due(
    models: ReadModels, now: datetime, sending_timeout_s: float, limit: int = 100
) -> list[dict[str, Any]]:
    """Mails to (re)try now: pending, retry whose time came, and interrupted attempts."""
    stale = now - timedelta(seconds=sending_timeout_s)
    query = {
        "$or": [
            {"state": "pending"},
            {"state": "retry", "next_at": {"$lte": now}},
            {"state": "sending", "next_at": {"$lte": stale}},
        ]
    }
    return await models[MAILS].find(query).sort("next_at", 1).to_list(limit)


async def begin_attempt(models: ReadModels, mail_id: str, state: str, now: datetime) -> int | None:
    """Mark an attempt begun (only from the state it was found in); its number, or None."""
    doc = await models[MAILS].find_one_and_update(
        {"_id": mail_id, "state": state},
        {"$set": {"state": "sending", "next_at": now}, "$inc": {"attempts": 1}},
        return_document=True,
    )
    return None if doc is None else int(doc["attempts"])


async def finish(models: ReadModels, mail_id: str, state: str, **fields: Any) -> None:
    """Record the end of an attempt: sent, retry (with ``next_at``) or failed."""
    await models[MAILS].update_one({"_id": mail_id}, {"$set": {"state": state, **fields}})
