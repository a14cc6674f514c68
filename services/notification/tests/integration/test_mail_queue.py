"""The immediate-mail queue: a backlog larger than a tick drains once each, a replayed
entry mails nothing, an entry written after the mailer read past its key is still found,
and the read mark moves only once keys have settled."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from notification_service.delivery.immediate import BATCH, queue_immediate
from notification_service.domain.notices import Cause, Notice, Target
from notification_service.projections.inbox import insert_new, single_doc
from notification_service.projections.mailqueue import DONE, enqueue, take_keys
from notification_service.projections.names import (
    ADDRESSES,
    MAIL_KEYS,
    MAIL_QUEUE,
    MAILS,
    NOTIFICATIONS,
)
from servicekit.testing.service import RunningService

from .conftest import new_id

SETTLE_S = 3.0
OPTIONS = {"mail_enabled": False, "mail_queue_settle_s": SETTLE_S}


async def _must_reads(service: RunningService, people: list[str]) -> list[str]:
    """A must-read notification for each person (with an address); their ids."""
    models, now = service.runtime.models, datetime.now(UTC)
    await models[ADDRESSES].insert_many([{"_id": e, "email": f"{e}@example.com"} for e in people])
    article = new_id("a")
    target = Target("article", article, f"/articles/{article}", context={"headlines": {"en": "Hi"}})
    cause = Cause(new_id("ev"), "collab.news.article_published.v1", f"article:{article}", None, now)
    docs = [
        single_doc(Notice(e, "must_read", target, cause, f"must_read:{article}"), now)
        for e in people
    ]
    await insert_new(models, docs)
    return [d["_id"] for d in docs]


async def _queued(service: RunningService, ids: list[str]) -> int:
    return await service.runtime.models[MAIL_QUEUE].count_documents({"ids": {"$in": ids}})


async def test_a_backlog_larger_than_a_tick_is_mailed_once_each(service: RunningService) -> None:
    ports, models = service.runtime.ports, service.runtime.models
    people = [new_id() for _ in range(BATCH + 30)]
    ids = await _must_reads(service, people)
    await enqueue(models, ids)
    first = await queue_immediate(ports, datetime.now(UTC))
    second = await queue_immediate(ports, datetime.now(UTC))
    assert len(first) == BATCH and len(second) == 30
    assert await queue_immediate(ports, datetime.now(UTC)) == []
    mailed = {m["_id"] for m in first + second}
    assert mailed == {f"n:{nid}" for nid in ids}
    assert await models[MAILS].count_documents({"_id": {"$in": list(mailed)}}) == len(ids)
    flagged = await models[NOTIFICATIONS].count_documents({"_id": {"$in": ids}, "mail_check": True})
    assert flagged == 0
    assert await _queued(service, ids) == 0
    await enqueue(models, ids)  # a replay queues them again: checked already, nothing is mailed
    assert await queue_immediate(ports, datetime.now(UTC)) == []
    assert await _queued(service, ids) == 0


async def test_an_entry_written_late_is_still_found(service: RunningService) -> None:
    ports, models = service.runtime.ports, service.runtime.models
    [nid] = await _must_reads(service, [new_id()])
    key = await take_keys(models, 1)
    assert await queue_immediate(ports, datetime.now(UTC)) == []  # read past the empty key
    await models[MAIL_QUEUE].insert_one({"_id": key, "key": key, "ids": [nid]})
    [mail] = await queue_immediate(ports, datetime.now(UTC))
    assert mail["_id"] == f"n:{nid}"
    mark = await models[MAIL_KEYS].find_one({"_id": DONE})
    assert mark is not None and mark["value"] < key  # not settled yet
    await asyncio.sleep(SETTLE_S + 0.5)
    await queue_immediate(ports, datetime.now(UTC))
    mark = await models[MAIL_KEYS].find_one({"_id": DONE})
    assert mark is not None and mark["value"] >= key
