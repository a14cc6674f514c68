"""The reader's stream: pending must-reads pinned on top, then newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from servicekit.http.cursors import decode_cursor, next_cursor
from servicekit.projection import ReadModels
from servicekit.text import query_words

from news_service.domain.model import format_time, parse_time
from news_service.projections.names import ARTICLES, OBLIGATIONS, READERS
from news_service.queries.access import Reader, audience_filter
from news_service.queries.hints import hints
from news_service.queries.views import NewsPage, item_of, wanted_languages

Doc = dict[str, Any]
LIST_FIELDS = {"search": 0, "inc_keys": 0, "exc_keys": 0, "content": 0}
MAX_PINNED = 100
WINDOWS = (*(timedelta(minutes=10 * 16**n) for n in range(6)), None)  # 10 min up to ~20 years
HINT_SPREADS = (1, 4)  # ranges of count, then 4 x count, newest articles before time windows
ACKED = "acknowledged_version"


async def pending_articles(
    models: ReadModels, employee_id: str, extra: Doc | None = None
) -> list[Doc]:
    """Live must-reads the employee is obliged to and has not acknowledged at their
    required version, newest first."""
    cursor = models[OBLIGATIONS].find({"employee_id": employee_id}, {"article_id": 1})
    ids = [doc["article_id"] async for doc in cursor]
    if not ids:
        return []
    query = {"_id": {"$in": ids}, "status": "published", "must_read": True, **(extra or {})}
    articles = await models[ARTICLES].find(query, LIST_FIELDS).to_list(None)
    keys = [f"{doc['_id']}/{employee_id}" for doc in articles]
    acked = {
        doc["article_id"]: doc.get("acknowledged_version", 0)
        async for doc in models[READERS].find(
            {"_id": {"$in": keys}}, {"article_id": 1, "acknowledged_version": 1}
        )
    }
    pending = [doc for doc in articles if acked.get(doc["_id"], 0) < doc.get("required_version", 0)]
    return sorted(pending, key=lambda doc: doc.get("sort", ""), reverse=True)[:MAX_PINNED]


async def newest(models: ReadModels, query: Doc, before: str | None, count: int) -> list[Doc]:
    """The ``count`` newest matches with a sort key below ``before``.

    SecantusDB sorts every match of a query before applying the limit, but answers a
    range of the ``(status, sort)`` index in time proportional to the range. So the range
    first holds the ``count`` (then ``4 * count``) newest published articles before
    ``before`` (``queries/hints.py``); when those hold too few the reader may see, it starts
    at the last ten minutes before ``before`` and widens (16 times each step) until it
    holds ``count`` matches or reaches the oldest article.
    """
    known = await hints(models)
    for spread in HINT_SPREADS:
        lower = known.lower(before, count * spread)
        if lower is None:
            break
        ranged: Doc = {"$gte": lower, **({"$lt": before} if before is not None else {})}
        found = models[ARTICLES].find({**query, "sort": ranged}, LIST_FIELDS)
        docs = await found.sort("sort", -1).limit(count).to_list(None)
        if len(docs) >= count:
            return docs
    upper = _time_of(before) or datetime.now(UTC)
    for window in WINDOWS:
        bounds = _since(upper, window)
        widest = not bounds
        if before is not None:
            bounds["$lt"] = before
        ranged = {**query, "sort": bounds} if bounds else query
        found = models[ARTICLES].find(ranged, LIST_FIELDS).sort("sort", -1).limit(count)
        docs = await found.to_list(None)
        if len(docs) >= count or widest:
            break
    return docs


def _since(upper: datetime, window: timedelta | None) -> Doc:
    """The lower bound of the window ending at ``upper``; none for the last window, or
    when a client's cursor names a moment so early that the window starts before year 1."""
    if window is None:
        return {}
    try:
        return {"$gte": format_time(upper - window)}
    except OverflowError:
        return {}


def _time_of(key: str | None) -> datetime | None:
    """The publication time a sort key starts with (None: no key, or not one of ours)."""
    try:
        return None if key is None else parse_time(key.split("|", 1)[0])
    except ValueError:
        return None


def _filters(channel: str | None, q: str | None) -> Doc:
    query: Doc = {}
    if channel is not None:
        query["channel_id"] = channel
    if q is not None and (terms := query_words(q)):
        query["search"] = {"$all": terms}
    return query


async def news_stream(
    models: ReadModels, reader: Reader, *, channel: str | None, q: str | None,
    pending_only: bool, lang: str | None, cursor: str | None, limit: int,
) -> NewsPage:  # fmt: skip
    """The reader's page: pinned pending must-reads (first page) and the rest by newest."""
    filters = _filters(channel, q)
    wanted = wanted_languages(lang, reader.person.locale)
    pinned = await pending_articles(models, reader.employee_id, filters)
    pinned_items = [item_of(doc, wanted, True) for doc in pinned]
    if pending_only:
        return NewsPage(items=pinned_items)
    after = decode_cursor(cursor)
    query = {"status": "published", **audience_filter(reader), **filters}
    query["_id"] = {"$nin": [doc["_id"] for doc in pinned]}
    docs = await newest(models, query, after, limit + 1)
    more = len(docs) > limit
    items = [item_of(doc, wanted, False) for doc in docs[:limit]]
    first = pinned_items if after is None else []
    return NewsPage(
        items=first + items, next_cursor=next_cursor(docs[limit - 1]["sort"] if more else None)
    )
