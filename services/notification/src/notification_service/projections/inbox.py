"""Writes notices into ``notifications``: idempotent, grouped, checked against the replicas.

Invariants: one notification per (recipient, key) or, for grouped types, per (recipient,
type, target, window); replays change nothing (natural ids, keyed ``$set`` and
``$addToSet``, the bump guarded by the event time); a notice is dropped when the recipient
is inactive, the actor erased, or the recipient is the actor. Each write is followed by
its recipients' unread counters (``unread.track``, from the documents as written).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, InsertOne, ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError
from servicekit.projection import EventContext, Projection, ReadModels

from notification_service.domain.catalog import CATALOG, GROUP_WINDOW_S
from notification_service.domain.notices import Notice, notification_id, worth_telling
from notification_service.projections.causes import live_replicas
from notification_service.projections.mailqueue import enqueue, index_queue
from notification_service.projections.names import (
    ADDRESSES,
    ARTICLES,
    COMMENTS,
    MAIL_KEYS,
    MAIL_QUEUE,
    NOTIFICATIONS,
    POLLS,
    POSTS,
    UNREAD,
    VOTERS,
)
from notification_service.projections.unread import TRACKED, count_existing, track

INBOX = Projection(
    name="inbox",
    sources=("profile", "group", "feed", "news", "polling"),
    collections=(NOTIFICATIONS, POSTS, COMMENTS, ARTICLES, POLLS, VOTERS, ADDRESSES),
)


def stamp(moment: datetime) -> str:
    """A sortable ASCII form of a write time."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%f")


def seq_of(recipient: str, moment: datetime, notification: str) -> str:
    """The position of a notification in its recipient's centre and stream."""
    return f"{recipient}\x1f{stamp(moment)}|{notification}"


# The mail queue and the unread counters are rebuilt with the notifications they point at.
INBOX.collections = (*INBOX.collections, MAIL_QUEUE, MAIL_KEYS, UNREAD)


@INBOX.setup
async def index_notifications(models: ReadModels) -> None:
    """Indexes of the centre, the unread pages, the mailer, erasure and retention."""
    notes = models[NOTIFICATIONS]
    await notes.create_index([("seq", ASCENDING)])
    # Read-all, recounts, the unread (or read) page of the centre and the digest (sorted in
    # memory: SecantusDB sorts every match anyway), erasure (``recipient``).
    await notes.create_index([("recipient", ASCENDING), ("read", ASCENDING)])
    await notes.create_index([("actor_ids", ASCENDING)])
    await notes.create_index([("last_event_at", ASCENDING)])
    await models[VOTERS].create_index([("poll_id", ASCENDING)])
    await models[POLLS].create_index([("status", ASCENDING), ("closes_at", ASCENDING)])
    await index_queue(models)
    await count_existing(models)  # notifications stored before the unread counters


def _fields(notice: Notice, nid: str, now: datetime) -> dict[str, Any]:
    target = notice.target
    return {
        "recipient": notice.recipient,
        "type": notice.type,
        "created_at": now,
        "target": {"kind": target.kind, "id": target.id, "link": target.link},
        "group_id": target.group_id,
        "post_id": target.post_id,
        "origin": target.origin,
        "context": target.context,
        "rule": CATALOG[notice.type].rule,
    }


def single_doc(notice: Notice, now: datetime, nid: str | None = None) -> dict[str, Any]:
    """The document of a notification of one cause."""
    nid = nid or notification_id(notice, GROUP_WINDOW_S)
    actor = notice.actor_id
    return {
        "_id": nid,
        **_fields(notice, nid, now),
        "actor_ids": [actor] if actor else [],
        "actor_times": {actor: notice.cause.time} if actor else {},
        "causes": {notice.cause.event_id: notice.cause.as_doc()},
        "last_event_at": notice.cause.time,
        "updated_at": now,
        "read": False,
        "seq": seq_of(notice.recipient, now, nid),
        "mail_check": True,
    }


async def _grouped(
    models: ReadModels, notice: Notice, nid: str, now: datetime
) -> dict[str, Any] | None:
    """Add the actor and cause to the group; a newer event bumps it and makes it unread.
    The group as it is now (what its recipient's counter needs)."""
    notes, actor, when = models[NOTIFICATIONS], notice.actor_id, notice.cause.time
    add: dict[str, Any] = {
        "$setOnInsert": {**_fields(notice, nid, now), "mail_check": True},
        "$set": {f"causes.{notice.cause.event_id}": notice.cause.as_doc()},
    }
    if actor:
        add["$addToSet"] = {"actor_ids": actor}
        add["$max"] = {f"actor_times.{actor}": when}
    try:
        await notes.update_one({"_id": nid}, add, upsert=True)
    except DuplicateKeyError:  # a concurrent first upsert of the same group won
        await notes.update_one({"_id": nid}, add)
    # The bump selects by _id alone and decides in the pipeline (any other condition in the
    # filter makes SecantusDB scan the collection): every field is set from the same check
    # on the document as it was, so it is one atomic step.
    newer = {
        "$or": [
            {"$eq": [{"$type": "$last_event_at"}, "missing"]},
            {"$lt": ["$last_event_at", when]},
        ]
    }
    bump = {
        "updated_at": now,
        "read": False,
        "seq": seq_of(notice.recipient, now, nid),
        "last_event_at": when,
    }
    pipeline = {k: {"$cond": [newer, {"$literal": v}, f"${k}"]} for k, v in bump.items()}
    return await notes.find_one_and_update(
        {"_id": nid}, [{"$set": pipeline}], TRACKED, return_document=ReturnDocument.AFTER
    )


async def deliver(
    ctx: EventContext, notices: Iterable[Notice], *, checked_active: bool = False
) -> int:
    """Store the notices worth telling; how many were considered."""
    wanted = [n for n in notices if worth_telling(n)]
    if not wanted:
        return 0
    replicas = live_replicas(ctx)
    actors = {n.actor_id for n in wanted if n.actor_id}
    if actors and (await replicas.people.status(next(iter(actors)))).erased:
        return 0  # an erased person is nobody's actor any more
    if not checked_active:
        inactive = await replicas.people.inactive({n.recipient for n in wanted})
        wanted = [n for n in wanted if n.recipient not in inactive]
    now = datetime.now(UTC)
    singles, groups, ids = [], [], []
    for notice in wanted:
        nid = notification_id(notice, GROUP_WINDOW_S)
        ids.append(nid)
        if not CATALOG[notice.type].grouped:
            singles.append(single_doc(notice, now, nid))
        elif (group := await _grouped(ctx.models, notice, nid, now)) is not None:
            groups.append(group)
    await track(ctx.models, groups)
    await insert_new(ctx.models, singles)
    # Every one, inserted now or before: a redelivery after a crash between the two writes
    # still queues it, and the mailer skips what its flag says was checked already.
    await enqueue(ctx.models, ids)
    return len(wanted)


async def insert_new(models: ReadModels, docs: list[dict[str, Any]]) -> int:
    """Insert notifications under their natural ids, one bulk, and count them unread; how
    many were new."""
    if not docs:
        return 0
    notes, written = models[NOTIFICATIONS], {d["_id"] for d in docs}
    try:
        await notes.bulk_write([InsertOne(d) for d in docs], ordered=False)
    except BulkWriteError as error:  # duplicates: written before (a replay), left as they are
        errors = error.details.get("writeErrors", [])
        if any(e.get("code") != 11000 for e in errors):
            raise
        written -= {docs[e["index"]]["_id"] for e in errors}
    await track(models, [d for d in docs if d["_id"] in written])
    # A duplicate's counter follows the document as it is (read since, or a redelivery
    # after a crash before its counter was written); by _id, 50 at a time ($in is ~n²).
    again = [d["_id"] for d in docs if d["_id"] not in written]
    for start in range(0, len(again), 50):
        chunk = {"_id": {"$in": again[start : start + 50]}}
        await track(models, await notes.find(chunk, TRACKED).to_list(None))
    return len(written)
