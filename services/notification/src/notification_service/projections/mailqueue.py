"""The immediate-mail queue: entries of up to 50 notifications written, under increasing keys.

SecantusDB materialises every match of a query before it applies a limit, so the mailer
must never ask for "every flagged notification". Instead each notification the inbox
writes (or finds written, on a redelivery) is in an entry ``{_id: k, key: k, ids: [...]}``
of at most ``PER_ENTRY`` ids (one entry is one chunk the mailer reads by ``$in``),
with keys handed out in blocks by one counter; the mailer reads ``(low, low + WINDOW]``
ranges of the ascending ``key`` index (SecantusDB scans the whole collection for a range
of ``_id``, but answers a secondary index's range in time proportional to the range)
windows of keys (at most WINDOW entries each, whatever the backlog) and deletes the
entries it has handled. The notification's own ``mail_check`` flag stays the truth: an
entry whose notification is already checked (a replay) or gone (erased) is only deleted.
Entries are written after their notifications, so an entry always finds its notification.
"""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import BulkWriteError
from servicekit.projection import ReadModels

from notification_service.projections.names import MAIL_KEYS, MAIL_QUEUE

NEXT = "next"  # the counter document in MAIL_KEYS: the last key handed out
DONE = "done"  # the mailer's read mark in MAIL_KEYS: every key up to it was handled
PER_ENTRY = 50  # notification ids per entry: one $in read of the mailer
BLOCK = 20  # keys taken (and entries inserted) at a time: 1,000 notifications


async def index_queue(models: ReadModels) -> None:
    """The mailer reads the queue by ranges of keys."""
    await models[MAIL_QUEUE].create_index([("key", ASCENDING)], unique=True)


async def take_keys(models: ReadModels, count: int) -> int:
    """Reserve ``count`` keys; the first one. A key allocator, not a read-model value:
    an increment repeated by a redelivery only leaves unused keys, which cost nothing."""
    doc = await models[MAIL_KEYS].find_one_and_update(
        {"_id": NEXT}, {"$inc": {"value": count}}, upsert=True, return_document=ReturnDocument.AFTER
    )
    if doc is None:  # an upsert that returns the document after it always finds one
        raise RuntimeError("mail queue counter missing after its upsert")
    return int(doc["value"]) - count + 1


async def enqueue(models: ReadModels, notification_ids: Sequence[str]) -> None:
    """Queue the notifications for the mailer (after they were written)."""
    chunks = [
        list(notification_ids[i : i + PER_ENTRY])
        for i in range(0, len(notification_ids), PER_ENTRY)
    ]
    for start in range(0, len(chunks), BLOCK):
        block = chunks[start : start + BLOCK]
        first = await take_keys(models, len(block))
        entries = [{"_id": first + i, "key": first + i, "ids": ids} for i, ids in enumerate(block)]
        try:
            await models[MAIL_QUEUE].insert_many(entries, ordered=False)
        except BulkWriteError as error:  # keys are fresh: only a retried insert meets itself
            if any(e.get("code") != 11000 for e in error.details.get("writeErrors", [])):
                raise
