"""Search over post and comment text: readable posts, newest first, cursor-paged.

Words are matched as prefixes in both spellings (``servicekit.text``); a post matches by
its own text or by one of its live comments. Candidates come from two indexed queries
merged by key; each is checked with the read rule like any list.
"""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor
from servicekit.text import query_words

from feed_service.projections.names import COMMENTS, POSTS
from feed_service.queries.reader import BATCH, MAX_SCAN, PostReader
from feed_service.queries.views import PostPage

Doc = dict[str, Any]
MAX_COMMENT_HITS = 1000


async def _commented(reader: PostReader, terms: Doc) -> list[str]:
    query = {"terms": terms, "deleted": False}
    cursor = reader.models[COMMENTS].find(query, {"post_id": 1}).limit(MAX_COMMENT_HITS)
    return list(dict.fromkeys([doc["post_id"] async for doc in cursor]))


async def _candidates(
    reader: PostReader, terms: Doc, ids: list[str], last: str | None
) -> list[Doc]:
    key_range = {"$lt": last} if last else {"$gt": ""}
    posts = reader.models[POSTS]
    found = (
        await posts.find({"terms": terms, "key": key_range, "deleted": False})
        .sort("key", -1)
        .to_list(BATCH)
    )
    if ids:
        by_comment = {"_id": {"$in": ids}, "key": key_range, "deleted": False}
        found += await posts.find(by_comment).sort("key", -1).to_list(BATCH)
    unique = {d["_id"]: d for d in sorted(found, key=lambda d: d["key"], reverse=True)}
    return list(unique.values())[:BATCH]


async def search_posts(reader: PostReader, q: str, cursor: str | None, limit: int) -> PostPage:
    """Posts whose text, or a comment's, has every word of ``q`` as a word prefix."""
    tokens = query_words(q)
    if not tokens:
        return PostPage(items=[], next_cursor=None)
    terms: Doc = {"$all": tokens} if len(tokens) > 1 else {"$eq": tokens[0]}
    ids = await _commented(reader, terms)
    found: list[Doc] = []
    last, scanned = decode_cursor(cursor), 0
    while scanned < MAX_SCAN:
        batch = await _candidates(reader, terms, ids, last)
        for doc in batch:
            scanned, last = scanned + 1, doc["key"]
            if await reader.may_read(doc):
                found.append(doc)
                if len(found) > limit:
                    page = found[:limit]
                    next_cursor = encode_cursor(page[-1]["key"])
                    return PostPage(items=await reader.views(page), next_cursor=next_cursor)
        if len(batch) < BATCH:
            return PostPage(items=await reader.views(found), next_cursor=None)
    return PostPage(items=await reader.views(found), next_cursor=encode_cursor(last or ""))
