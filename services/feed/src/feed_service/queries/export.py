"""GDPR Art. 15/20: everything the feed service holds about one employee, as one document.

Every section is read from its read model by the employee's indexed field in batches of
``BATCH`` documents by ``_id`` (complete, never one unbounded query). Only the reason and
time of the employee's own reports come from their report streams: the moderation queue
keeps the reporters' ids and the last reason alone (which may be someone else's).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from collab_events.feed import PostReported
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.batches import batches as read_batches
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort

from feed_service.domain.streams import report_subject
from feed_service.projections.names import (
    COMMENTS,
    HISTORY,
    MODERATION,
    POSTS,
    REACTIONS,
    SETTINGS,
)
from feed_service.queries import export_models as m

Doc = dict[str, Any]
BATCH = 200  # documents per read: each section is a loop of bounded range queries
MAX_VERSIONS = 1000  # versions per post, as the history route serves them


async def batches(
    collection: AsyncCollection[Doc], query: Doc, fields: Doc | None = None
) -> AsyncIterator[Doc]:
    """Every document matching ``query`` in ``_id`` order, read ``BATCH`` at a time."""
    async for docs in read_batches(collection, query, fields, size=BATCH):
        for doc in docs:
            yield doc


async def export_employee(
    models: ReadModels, store: EventStorePort, employee_id: str
) -> m.FeedExport:
    """The employee's posts with history, comments, reactions, settings and reports."""
    reactions = batches(models[REACTIONS], {"employee_id": employee_id})
    settings = await models[SETTINGS].find_one({"_id": employee_id})
    return m.FeedExport(
        employee_id=employee_id,
        exported_at=datetime.now(UTC),
        posts=[p async for p in _posts(models, employee_id)],
        comments=[_comment(d) async for d in batches(models[COMMENTS], {"author_id": employee_id})],
        reactions=[_reaction(d) async for d in reactions if d.get("reaction")],
        feed_settings=m.MyFeedSettings(order=(settings or {}).get("order")),
        reports=[r async for r in _reports(models, store, employee_id)],
    )


def _links(doc: Doc) -> list[m.ExportedLink]:
    return [m.ExportedLink(url=x["url"], title=x.get("title", "")) for x in doc.get("links", [])]


def _attachments(doc: Doc) -> list[m.ExportedAttachment]:
    return [
        m.ExportedAttachment(
            id=a["attachment_id"],
            name=a.get("name", ""),
            content_type=a["content_type"],
            size=a["size"],
            preview=bool(a.get("preview")),
        )
        for a in doc.get("attachments", [])
    ]


async def _posts(models: ReadModels, employee_id: str) -> AsyncIterator[m.MyPost]:
    async for doc in batches(models[POSTS], {"author_id": employee_id}):
        yield m.MyPost(
            id=doc["_id"], group_id=doc.get("group_id"), profile_id=doc.get("profile_id"),
            visibility=doc.get("visibility"), text=doc.get("text", ""), links=_links(doc),
            topics=doc.get("topics", []), mentions=doc.get("mentions", []),
            attachments=_attachments(doc), created_at=doc.get("created_at"),
            edited_at=doc.get("edited_at"), deleted=bool(doc.get("deleted")),
            hidden=bool(doc.get("hidden")), history=await _history(models, doc["_id"]),
        )  # fmt: skip


async def _history(models: ReadModels, post_id: str) -> list[m.ExportedVersion]:
    """The post's versions, oldest first (a deleted post's history is gone with it)."""
    query = {"post_id": post_id, "version": {"$gte": 0}}
    docs = await models[HISTORY].find(query).sort("version", 1).to_list(MAX_VERSIONS)
    return [
        m.ExportedVersion(
            version=d["version"],
            text=d.get("text", ""),
            links=_links(d),
            mentions=d.get("mentions", []),
            topics=d.get("topics", []),
            attachments=_attachments(d),
            at=d["at"],
        )
        for d in docs
    ]


def _comment(doc: Doc) -> m.MyComment:
    return m.MyComment(
        id=doc["_id"], post_id=doc["post_id"], parent_id=doc.get("parent_id"),
        text=doc.get("text", ""), mentions=doc.get("mentions", []),
        created_at=doc.get("created_at"), edited_at=doc.get("edited_at"),
        deleted=bool(doc.get("deleted")),
    )  # fmt: skip


def _reaction(doc: Doc) -> m.MyReaction:
    post_id, _, comment_id = str(doc["target"]).partition("/comment:")
    return m.MyReaction(post_id=post_id, comment_id=comment_id or None, reaction=doc["reaction"])


async def _reports(
    models: ReadModels, store: EventStorePort, employee_id: str
) -> AsyncIterator[m.MyReport]:
    """My reports of posts in the queue; only my own report stream is read for each."""
    queue = batches(models[MODERATION], {"reporters": employee_id}, {"_id": 1})
    async for doc in queue:
        recorded = await store.load(report_subject(doc["_id"], employee_id))
        mine = [(r.event, r.envelope.time) for r in recorded if isinstance(r.event, PostReported)]
        reason, at = mine[0] if mine else (None, None)
        yield m.MyReport(
            post_id=doc["_id"], reason=reason.reason if reason else None, reported_at=at
        )
