"""The moderation queue: open reports in the groups the caller moderates (admins: all)."""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor

from feed_service.domain.model import MODERATOR_ROLES
from feed_service.projections.moderation import OPEN
from feed_service.projections.names import MEMBERSHIPS, MODERATION
from feed_service.queries.reader import PostReader
from feed_service.queries.views import ReportedPost, ReportQueue

Doc = dict[str, Any]
MAX_GROUPS = 5000


async def moderated_groups(reader: PostReader) -> list[str]:
    """Groups where the caller is an active moderator, admin or owner."""
    query = {
        "employee_id": reader.caller.employee_id,
        "status": "member",
        "active": True,
        "role": {"$in": sorted(MODERATOR_ROLES)},
    }
    cursor = reader.models[MEMBERSHIPS].find(query, {"group_id": 1}).limit(MAX_GROUPS)
    ids = [doc["group_id"] async for doc in cursor]
    return [g for g in ids if (await reader.place(g)).moderator]


async def report_queue(reader: PostReader, cursor: str | None, limit: int) -> ReportQueue:
    """Open reports, newest first: platform admins see all, group moderators their groups."""
    after = decode_cursor(cursor)
    key_range = {"$lt": after} if after else {"$gt": ""}
    query: Doc = {"key": key_range, "queue": OPEN}
    if not reader.caller.platform_admin:
        groups = await moderated_groups(reader)
        if not groups:
            return ReportQueue(items=[], next_cursor=None)
        query = {"group_id": {"$in": groups}, "key": key_range, "queue": OPEN}
    docs = await reader.models[MODERATION].find(query).sort("key", -1).to_list(limit + 1)
    page, more = docs[:limit], len(docs) > limit
    items = [
        ReportedPost(
            post_id=d["_id"],
            group_id=d.get("group_id"),
            profile_id=d.get("profile_id"),
            author_id=d["author_id"],
            report_count=len(d.get("reporters", [])),
            last_reason=d.get("last_reason"),
            last_reported_at=d["last_reported_at"],
            status=d.get("status"),
        )
        for d in page
    ]
    return ReportQueue(items=items, next_cursor=encode_cursor(page[-1]["key"]) if more else None)
