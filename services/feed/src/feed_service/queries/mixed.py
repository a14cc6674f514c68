"""Feeds that mix posts with news articles and group polls, merged at read time.

Each source lists its items newest first with a boundary: every item of that source
with a key at or above it is listed (None: the source is exhausted). A page keeps only
items at or above the highest boundary, so no source can skip another's items, and its
cursor is the key of its last item (or that boundary): the next page continues below it
in every source. Keys are ``sort_key`` values of one format in every source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.queries.articles import ArticleReader
from feed_service.queries.home import readable_home, trim_timeline
from feed_service.queries.items import FeedItem, FeedPage
from feed_service.queries.polls import poll_items, scan_polls
from feed_service.queries.reader import Keep, PostReader

Doc = dict[str, Any]
Listed = tuple[str, list[Doc], str | None]  # kind, items newest first, boundary


def merge(sources: Sequence[Listed], limit: int) -> tuple[list[tuple[str, Doc]], str | None]:
    """Up to ``limit`` (kind, doc) newest first, and the key the next page continues below."""
    bounds = [bound for _, _, bound in sources if bound is not None]
    cut = max(bounds) if bounds else None
    items = [
        (kind, doc) for kind, docs, _ in sources for doc in docs if cut is None or doc["key"] >= cut
    ]
    items.sort(key=lambda item: item[1]["key"], reverse=True)
    if len(items) > limit:
        return items[:limit], items[limit - 1][1]["key"]
    return items, cut


async def views_of(
    reader: PostReader, items: Sequence[tuple[str, Doc]], articles: ArticleReader | None = None
) -> list[FeedItem]:
    """The items' views in their order (posts enriched together, polls together)."""
    posts = await reader.views([doc for kind, doc in items if kind == "post"])
    polls = await poll_items(reader, [doc for kind, doc in items if kind == "poll"])
    by_id: dict[tuple[str, str], FeedItem] = {("post", v.id): v for v in posts}
    by_id.update({("poll", v.id): v for v in polls})
    for kind, doc in items:
        if kind == "article" and articles is not None:
            by_id[(kind, doc["_id"])] = await articles.item(doc)
    return [by_id[(kind, doc["_id"])] for kind, doc in items]


async def mixed_home_feed(reader: PostReader, cursor: str | None, limit: int) -> FeedPage:
    """My home feed's posts, the articles for me and my groups' polls, newest first."""
    after = decode_cursor(cursor) or None
    if after is None:
        await trim_timeline(reader)
    articles = ArticleReader(reader)
    _, groups = await articles.facts()  # the reader's live groups: their polls are mine
    # Three independent reads: the slowest of them, not their sum, is what a page waits for.
    posts, news, polls = await asyncio.gather(
        readable_home(reader, after, limit),
        articles.scan(after, limit),
        scan_polls(reader, groups, after, limit),
    )
    sources = [("post", *posts), ("article", *news), ("poll", *polls)]
    items, key = merge(sources, limit)
    next_cursor = encode_cursor(key) if key is not None else None
    return FeedPage(items=await views_of(reader, items, articles), next_cursor=next_cursor)


async def group_items(
    reader: PostReader, group_id: str, query: Doc, keep: Keep, after: str | None, limit: int
) -> tuple[list[FeedItem], str | None]:
    """A group's posts matching ``query`` and ``keep`` and its polls before ``after``; the
    next key."""
    posts = await reader.scan(query, after, limit, keep)
    polls = await scan_polls(reader, [group_id], after or None, limit)
    items, key = merge([("post", *posts), ("poll", *polls)], limit)
    return await views_of(reader, items), key
