"""The ranked home feed with articles and polls: scored like posts, by recency x affinity.

The ranked posts come from ``ranking.ranked_feed`` (its whole pool); the newest
RANKED_EXTRAS articles for the reader and polls of their groups join them with a score of
the same shape (the weight halves every HALF_LIFE_H hours) and their own reasons. A page
is a slice of the joint ranking (cursor = offset), as in the posts-only ranking.
"""

from __future__ import annotations

from datetime import datetime

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.queries.articles import ArticleReader
from feed_service.queries.items import ArticleItem, FeedItem, FeedPage, PollItem
from feed_service.queries.mixed import views_of
from feed_service.queries.polls import scan_polls
from feed_service.queries.ranking import HALF_LIFE_H, RANK_POOL, ranked_feed
from feed_service.queries.reader import PostReader
from feed_service.queries.views import Why

RANKED_EXTRAS = 20
# Affinity of what is not a post: news meant for me, more when it is a must-read; a
# poll of my group while it is open (a closed or cancelled one asks nothing of me).
AFFINITY = {"article": 1.0, "must_read": 1.0, "open_poll": 0.8, "poll": 0.3}


def _recency(reader: PostReader, at: datetime) -> float:
    age_h = max((reader.now - at).total_seconds() / 3600, 0.0)
    return float(0.5 ** (age_h / HALF_LIFE_H))


def score_extra(item: ArticleItem | PollItem, reader: PostReader, titles: dict[str, str]) -> Why:
    """An article's or poll's score and why."""
    if isinstance(item, ArticleItem):
        affinity, reasons = 1.0 + AFFINITY["article"], ["news for you"]
        if item.must_read:
            affinity += AFFINITY["must_read"]
            reasons.append("must read")
        value = _recency(reader, item.published_at) * affinity
    else:
        open_ = item.status == "open"
        affinity = 1.0 + AFFINITY["open_poll" if open_ else "poll"]
        reasons = [f"poll in {titles.get(item.group_id, item.group_id)}"]
        reasons += ["open for votes"] if open_ else []
        value = _recency(reader, item.opened_at) * affinity
    return Why(score=round(value, 6), reasons=reasons)


async def _extras(reader: PostReader) -> list[ArticleItem | PollItem]:
    articles = ArticleReader(reader)
    _, groups = await articles.facts()
    news, _ = await articles.scan(None, RANKED_EXTRAS)
    polls, _ = await scan_polls(reader, groups, None, RANKED_EXTRAS)
    items = [("article", d) for d in news] + [("poll", d) for d in polls]
    views = await views_of(reader, items, articles)
    return [v for v in views if isinstance(v, ArticleItem | PollItem)]


async def _titles(reader: PostReader, group_ids: set[str]) -> dict[str, str]:
    titles = {}
    for group_id in group_ids:
        group = await reader.replicas.groups.group(group_id)
        titles[group_id] = group.title if group else group_id
    return titles


def _offset(cursor: str | None) -> int:
    key = decode_cursor(cursor) or ""
    digits = key.removeprefix("o:")
    return int(digits) if key.startswith("o:") and digits.isascii() and digits.isdigit() else 0


async def ranked_home_feed(reader: PostReader, cursor: str | None, limit: int) -> FeedPage:
    """My home feed best first, posts, articles and polls together; every item has ``why``."""
    posts = (await ranked_feed(reader, None, RANK_POOL)).items
    extras = await _extras(reader)
    titles = await _titles(reader, {e.group_id for e in extras if isinstance(e, PollItem)})
    scored: list[FeedItem] = [*posts]
    scored += [e.model_copy(update={"why": score_extra(e, reader, titles)}) for e in extras]
    scored.sort(key=lambda item: item.why.score if item.why else 0.0, reverse=True)
    start = _offset(cursor)
    more = start + limit < len(scored)
    next_cursor = encode_cursor(f"o:{start + limit}") if more else None
    return FeedPage(items=scored[start : start + limit], next_cursor=next_cursor)
