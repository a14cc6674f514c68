"""Channels as readers see them (every employee sees every channel)."""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, next_cursor
from servicekit.projection import ReadModels

from news_service.domain.errors import ChannelNotFound
from news_service.projections.names import ARTICLES, CHANNELS
from news_service.queries.views import (
    ChannelPage,
    ChannelView,
    EditorialItem,
    EditorialPage,
)

Doc = dict[str, Any]


def channel_view(doc: Doc) -> ChannelView:
    """A ``channels`` document as the API shows it."""
    return ChannelView(
        id=doc["_id"], title=doc.get("title", ""), description=doc.get("description", ""),
        editors=list(doc.get("editors", [])),
    )  # fmt: skip


async def channel(models: ReadModels, channel_id: str) -> ChannelView:
    """One channel, or ChannelNotFound."""
    doc = await models[CHANNELS].find_one({"_id": channel_id})
    if doc is None:
        raise ChannelNotFound("no such channel")
    return channel_view(doc)


async def channels(models: ReadModels, cursor: str | None, limit: int) -> ChannelPage:
    """Channels by id, after the cursor."""
    after = decode_cursor(cursor)
    query = {} if after is None else {"_id": {"$gt": after}}
    docs = await models[CHANNELS].find(query).sort("_id", 1).limit(limit + 1).to_list(None)
    more = len(docs) > limit
    items = [channel_view(doc) for doc in docs[:limit]]
    return ChannelPage(items=items, next_cursor=next_cursor(items[-1].id if more else None))


def editorial_item(doc: Doc) -> EditorialItem:
    """An ``articles`` document as the channel's editors list it."""
    translations = doc["content"]["translations"]
    title = translations[doc["default_language"]]["title"]
    return EditorialItem(
        id=doc["_id"], status=doc["status"], version=doc.get("version", 0), title=title,
        languages=doc["languages"], must_read=doc["must_read"], publish_at=doc.get("publish_at"),
        updated_at=doc["updated_at"],
    )  # fmt: skip


async def channel_articles(
    models: ReadModels, channel_id: str, status: str | None, cursor: str | None, limit: int
) -> EditorialPage:
    """Every article of the channel (or those of one status), newest first."""
    query: Doc = {"channel_id": channel_id}
    if status is not None:
        query["status"] = status
    if (before := decode_cursor(cursor)) is not None:
        query["_id"] = {"$lt": before}
    fields = {"search": 0, "inc_keys": 0, "exc_keys": 0}
    found = models[ARTICLES].find(query, fields).sort("_id", -1).limit(limit + 1)
    docs = await found.to_list(None)
    items = [editorial_item(doc) for doc in docs[:limit]]
    return EditorialPage(
        items=items, next_cursor=next_cursor(items[-1].id if len(docs) > limit else None)
    )
