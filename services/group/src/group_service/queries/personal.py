"""Queries about one employee: their groups, their pending invitations and requests."""

from __future__ import annotations

from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor
from servicekit.projection import ReadModels

from group_service.domain.model import Caller
from group_service.domain.streams import member_subject
from group_service.projections.counts import member_counts
from group_service.projections.names import GROUPS, MEMBERSHIPS
from group_service.queries.access import visible_to
from group_service.queries.members import PendingKind, pending, people_by_id
from group_service.queries.views import GroupSummary, MyGroup, MyGroupPage, PendingPage

Doc = dict[str, Any]
MAX_GROUPS = 2000  # one person's memberships are read whole, then paged in memory


async def _memberships(models: ReadModels, employee_id: str, status: str) -> list[Doc]:
    cursor = (
        models[MEMBERSHIPS]
        .find({"employee_id": employee_id, "status": status, "active": True})
        .limit(MAX_GROUPS)
    )
    return [doc async for doc in cursor]


async def _viewer_memberships(
    models: ReadModels, viewer: Caller, groups: list[Doc], member_of: str
) -> dict[str, Doc]:
    """The viewer's memberships of the given groups (only secret ones matter)."""
    secret = [g["_id"] for g in groups if g["visibility"] == "secret"]
    if viewer.employee_id == member_of or not secret:
        return {}
    ids = [member_subject(g, viewer.employee_id) for g in secret]
    return {doc["group_id"]: doc async for doc in models[MEMBERSHIPS].find({"_id": {"$in": ids}})}


async def groups_of(
    models: ReadModels, employee_id: str, viewer: Caller, *, cursor: str | None, limit: int
) -> MyGroupPage:
    """The groups ``employee_id`` belongs to that ``viewer`` may see, in name order."""
    memberships = {d["group_id"]: d for d in await _memberships(models, employee_id, "member")}
    groups = (
        await models[GROUPS]
        .find({"_id": {"$in": list(memberships)}, "deleted": False})
        .to_list(None)
    )
    if viewer.employee_id != employee_id:
        theirs = await _viewer_memberships(models, viewer, groups, employee_id)
        groups = [g for g in groups if visible_to(g, viewer, theirs)]
    after = decode_cursor(cursor)
    ordered = sorted(
        (g for g in groups if after is None or g["sort_name"] > after), key=lambda g: g["sort_name"]
    )
    page = ordered[:limit]
    counts = await member_counts(models, [g["_id"] for g in page])
    items = [
        MyGroup(
            **GroupSummary.of(g, counts[g["_id"]]).model_dump(), role=memberships[g["_id"]]["role"]
        )
        for g in page
    ]
    more = len(ordered) > limit
    return MyGroupPage(
        items=items, next_cursor=encode_cursor(page[-1]["sort_name"]) if more else None
    )


async def my_pending(
    models: ReadModels, viewer: Caller, kind: PendingKind, *, cursor: str | None, limit: int
) -> PendingPage:
    """The viewer's own open invitations or join requests (of live groups)."""
    docs = await _memberships(models, viewer.employee_id, kind)
    live = {
        g["_id"]: g["title"]
        async for g in models[GROUPS].find(
            {"_id": {"$in": [d["group_id"] for d in docs]}, "deleted": False}, {"title": 1}
        )
    }
    after = decode_cursor(cursor)
    ordered = sorted(
        (d for d in docs if d["group_id"] in live and (after is None or d["_id"] > after)),
        key=lambda d: d["_id"],
    )
    page = ordered[:limit]
    me = (await people_by_id(models, [viewer.employee_id])).get(viewer.employee_id)
    more = len(ordered) > limit
    return PendingPage(
        items=[pending(d, me, live[d["group_id"]]) for d in page],
        next_cursor=encode_cursor(page[-1]["_id"]) if more else None,
    )
