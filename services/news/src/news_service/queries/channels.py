"""Channels as readers see them (every employee sees every channel)."""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, next_cursor
from servicekit.projection import ReadModels

from news_service.domain.errors import ChannelNotFound
from news_service.projections.names import CHANNELS
from news_service.queries.views import ChannelPage, ChannelView

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
