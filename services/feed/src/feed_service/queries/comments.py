"""Comment queries: a post's comments (or one comment's replies), oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeGuard

from servicekit.batches import kept_in_range
from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.domain.errors import CommentNotFound
from feed_service.projections.names import COMMENTS
from feed_service.projections.reactions import target_of
from feed_service.queries.enrich import comment_counts, names_for, reactions_for
from feed_service.queries.posts import readable_post
from feed_service.queries.reader import PostReader
from feed_service.queries.views import CommentPage, CommentView

Doc = dict[str, Any]
READ = 100  # comments read at a time: a page and the tombstones among them in one read


async def list_comments(
    reader: PostReader, post_id: str, parent_id: str | None, cursor: str | None, limit: int
) -> CommentPage:
    """Top-level comments of a readable post, or the replies to ``parent_id``."""
    await readable_post(reader, post_id)
    comments = reader.models[COMMENTS]
    if parent_id is not None:
        parent = await comments.find_one({"_id": parent_id})
        if not _live_in(parent, post_id) or parent.get("parent_id") is not None:
            raise CommentNotFound()
    docs = await _live_after(reader, post_id, parent_id, decode_cursor(cursor), limit + 1)
    page, more = docs[:limit], len(docs) > limit
    return CommentPage(
        items=await _views(reader, post_id, page),
        next_cursor=encode_cursor(page[-1]["key"]) if more else None,
    )


def _live_in(doc: Doc | None, post_id: str) -> TypeGuard[Doc]:
    """A comment of ``post_id`` that is not deleted."""
    return doc is not None and doc.get("post_id") == post_id and doc.get("deleted") is False


async def _live_after(
    reader: PostReader, post_id: str, parent_id: str | None, after: str | None, size: int
) -> list[Doc]:
    """Up to ``size`` live comments under ``parent_id`` after key ``after``, oldest first.

    The query is the index's (post, parent, key range); tombstones are skipped here and
    the next batch continues after the last key read.
    """
    return await kept_in_range(
        reader.models[COMMENTS], {"post_id": post_id, "parent_id": parent_id}, "key",
        above=after or "", keep=lambda doc: doc.get("deleted") is False, count=size,
        descending=False, size=READ,
    )  # fmt: skip


async def _views(reader: PostReader, post_id: str, docs: Sequence[Doc]) -> list[CommentView]:
    if not docs:
        return []
    ids = [d["_id"] for d in docs]
    targets = {d["_id"]: target_of(post_id, d["_id"]) for d in docs}
    names = await names_for(reader.replicas, docs)
    reactions = await reactions_for(
        reader.models, list(targets.values()), reader.caller.employee_id
    )
    replies = await comment_counts(reader.models, "parent_id", ids, post_id=post_id)
    return [
        CommentView(
            id=d["_id"],
            post_id=post_id,
            parent_id=d.get("parent_id"),
            author=names.ref(d["author_id"]),
            text=d["text"],
            mentions=names.mentions(d.get("mentions", [])),
            created_at=d["created_at"],
            edited_at=d.get("edited_at"),
            version=d["_v"],
            reply_count=replies[d["_id"]],
            reactions=reactions[targets[d["_id"]]],
        )
        for d in docs
    ]
