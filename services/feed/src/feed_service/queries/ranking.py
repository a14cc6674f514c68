"""The ranked home feed: recency x engagement x affinity, with the reasons as ``why``.

The newest RANK_POOL readable home-feed posts are scored; a page is a slice of that
ranking (cursor = offset). Recency halves a post's weight every HALF_LIFE_H hours;
engagement grows with the log of reactions and comments; affinity is higher for people I
follow, posts that mention me and my groups.
"""

from __future__ import annotations

import math
from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.queries.home import readable_home
from feed_service.queries.reader import PostReader
from feed_service.queries.views import PostPage, PostView, Why

Doc = dict[str, Any]
RANK_POOL, HALF_LIFE_H = 200, 12.0
AFFINITY = {"follow": 0.6, "mention": 1.0, "member": 0.3}


def _offset(cursor: str | None) -> int:
    key = decode_cursor(cursor) or ""
    digits = key.removeprefix("o:")
    return int(digits) if key.startswith("o:") and digits.isascii() and digits.isdigit() else 0


async def _facts(reader: PostReader, views: list[PostView]) -> tuple[set[str], dict[str, str]]:
    """Authors I follow, and the titles of the groups the posts are in."""
    me, replicas = reader.caller.employee_id, reader.replicas
    authors = {v.author.employee_id for v in views} - {me}
    followed = {a for a in authors if await replicas.follows.is_following(me, a)}
    titles: dict[str, str] = {}
    for group_id in {v.group_id for v in views if v.group_id}:
        group = await replicas.groups.group(group_id)
        titles[group_id] = group.title if group else group_id
    return followed, titles


def score(view: PostView, reader: PostReader, followed: set[str], titles: dict[str, str]) -> Why:
    """The item's score and why."""
    me, reasons, affinity = reader.caller.employee_id, [], 1.0
    author = view.author.display_name or view.author.employee_id
    if view.author.employee_id in followed:
        affinity += AFFINITY["follow"]
        reasons.append(f"you follow {author}")
    if me in {m.employee_id for m in view.mentions}:
        affinity += AFFINITY["mention"]
        reasons.append("mentions you")
    if view.group_id is not None:
        affinity += AFFINITY["member"]
        reasons.append(f"in {titles.get(view.group_id, view.group_id)}")
    if view.author.employee_id == me:
        reasons.append("your post")
    engagement = view.reactions.total + 2 * view.comment_count
    for count, noun in ((view.reactions.total, "reaction"), (view.comment_count, "comment")):
        if count:
            reasons.append(f"{count} {noun}{'s' if count != 1 else ''}")
    age_h = max((reader.now - view.created_at).total_seconds() / 3600, 0.0)
    value = 0.5 ** (age_h / HALF_LIFE_H) * (1 + math.log1p(engagement)) * affinity
    return Why(score=round(value, 6), reasons=reasons)


async def ranked_feed(reader: PostReader, cursor: str | None, limit: int) -> PostPage:
    """My home feed, best first; every item carries ``why``."""
    docs, _ = await readable_home(reader, None, RANK_POOL)
    views = await reader.views(docs)
    followed, titles = await _facts(reader, views)
    scored = [v.model_copy(update={"why": score(v, reader, followed, titles)}) for v in views]
    scored.sort(key=lambda v: (v.why.score if v.why else 0.0, v.created_at), reverse=True)
    start = _offset(cursor)
    page = scored[start : start + limit]
    more = start + limit < len(scored)
    return PostPage(items=page, next_cursor=encode_cursor(f"o:{start + limit}") if more else None)
