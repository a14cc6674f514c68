"""Post queries: one post, its history, and the lists by group, author and topic."""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.domain.errors import GroupNotFound, MembersOnly, PostNotFound
from feed_service.domain.text import topic_key
from feed_service.projections.names import HISTORY, PINS, POSTS
from feed_service.projections.timelines import live
from feed_service.queries.attachments import version_attachments
from feed_service.queries.enrich import active_pins, names_for
from feed_service.queries.items import FeedPage
from feed_service.queries.mixed import group_items
from feed_service.queries.reader import PostReader
from feed_service.queries.views import LinkView, PostHistory, PostPage, PostVersion, PostView

Doc = dict[str, Any]
MAX_VERSIONS = 1000


async def readable_post(reader: PostReader, post_id: str) -> Doc:
    """The post's document, or 404 when missing, deleted or not the caller's to read."""
    doc = await reader.models[POSTS].find_one({"_id": post_id})
    if doc is None or not await reader.may_read(doc):
        raise PostNotFound()
    return doc


async def get_post(reader: PostReader, post_id: str) -> PostView:
    """One post as the caller sees it."""
    return (await reader.views([await readable_post(reader, post_id)]))[0]


async def post_history(reader: PostReader, post_id: str) -> PostHistory:
    """Every version of the post's content with its attachments, oldest first."""
    post = await readable_post(reader, post_id)
    query = {"post_id": post_id, "version": {"$gte": 0}}
    docs = await reader.models[HISTORY].find(query).sort("version", 1).to_list(MAX_VERSIONS)
    names = await names_for(reader.replicas, [{"author_id": "", **d} for d in docs])
    items = [
        PostVersion(
            version=d["version"],
            text=d["text"],
            links=[LinkView(**link) for link in d.get("links", [])],
            mentions=names.mentions(d.get("mentions", [])),
            topics=d.get("topics", []),
            attachments=version_attachments(d, post, reader.files),
            at=d["at"],
        )
        for d in docs
    ]
    return PostHistory(post_id=post_id, items=items)


async def employee_posts(
    reader: PostReader, employee_id: str, cursor: str | None, limit: int
) -> PostPage:
    """Posts by one employee (profile and groups) that the caller may read, newest first."""
    return await _page(reader, {"author_id": employee_id}, cursor, limit)


async def topic_posts(reader: PostReader, tag: str, cursor: str | None, limit: int) -> PostPage:
    """Readable posts with a topic (folded: ``#Digitalisierung`` = ``digitalisierung``)."""
    key = topic_key(tag)
    if not key:
        return PostPage(items=[], next_cursor=None)
    return await _page(reader, {"topics": key}, cursor, limit)


async def _page(reader: PostReader, query: Doc, cursor: str | None, limit: int) -> PostPage:
    after = _phase(decode_cursor(cursor))[1]
    docs, key = await reader.scan(query, after, limit, live)
    return PostPage(items=await reader.views(docs), next_cursor=_next(key))


def _next(key: str | None) -> str | None:
    return None if key is None else encode_cursor(f"r:{key}")


async def group_posts(
    reader: PostReader, group_id: str, cursor: str | None, limit: int
) -> FeedPage:
    """A group's items: active pins first (newest pin first), then posts and polls, newest first."""
    place = await reader.place(group_id)
    if not place.visible:
        raise GroupNotFound()
    if not place.readable:
        raise MembersOnly("Only active members of this group may read its posts.")
    pinned = await _pinned(reader, group_id)
    phase, after = _phase(decode_cursor(cursor))
    shown = pinned[phase:][:limit] if after is None else []
    rest = limit - len(shown)
    if after is None and phase + len(shown) < len(pinned):
        return FeedPage(items=await reader.views(shown), next_cursor=_pin_cursor(phase + limit))
    pinned_ids = {d["_id"] for d in pinned}

    def unpinned(doc: Doc) -> bool:
        return live(doc) and doc["_id"] not in pinned_ids

    if rest == 0:  # the page ends with the last pin: the next one starts the posts
        return FeedPage(items=await reader.views(shown), next_cursor=_next(""))
    items, key = await group_items(reader, group_id, {"group_id": group_id}, unpinned, after, rest)
    return FeedPage(items=[*await reader.views(shown), *items], next_cursor=_next(key))


async def _pinned(reader: PostReader, group_id: str) -> list[Doc]:
    pins = active_pins(await reader.models[PINS].find_one({"_id": group_id}), reader.now)
    found = {d["_id"]: d async for d in reader.models[POSTS].find({"_id": {"$in": list(pins)}})}
    return [found[p] for p in pins if p in found and await reader.may_read(found[p])]


def _phase(key: str | None) -> tuple[int, str | None]:
    """(pins already shown, regular key to continue after) of a cursor's key."""
    if key is None:
        return 0, None
    if key.startswith("p:") and key[2:].isascii() and key[2:].isdigit() and len(key) < 6:
        return int(key[2:]), None
    return 0, key.removeprefix("r:")


def _pin_cursor(shown: int) -> str:
    return encode_cursor(f"p:{shown}")
