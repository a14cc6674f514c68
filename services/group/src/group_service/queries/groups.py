"""Group queries: the directory search, one group's detail."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from servicekit.http.cursors import decode_cursor, encode_cursor
from servicekit.projection import ReadModels

from group_service.domain.model import Caller
from group_service.projections.counts import member_counts
from group_service.projections.names import GROUPS, MEMBERSHIPS
from group_service.queries.access import view_group
from group_service.queries.views import GroupDetail, GroupPage, GroupSummary
from group_service.queries.window import read_windows
from group_service.text import facet_key, query_tokens

Doc = dict[str, Any]
# Window edges over the first character of ``sort_name`` (other scripts sort after "z").
NAME_EDGES = ["", *string.digits, *string.ascii_lowercase, "\U0010ffff"]
MAX_SECRET_GROUPS = 5000


@dataclass(frozen=True, slots=True)
class GroupFilter:
    """Directory filters; None means "any"."""

    q: str | None = None
    tag: str | None = None
    language: str | None = None
    needs_owner: bool | None = None

    def clauses(self) -> Doc:
        """Mongo clauses, the most selective indexed one first (the embedded DB uses it)."""
        out: Doc = {}
        tokens = query_tokens(self.q or "")
        if tokens:
            out["terms"] = tokens[0] if len(tokens) == 1 else {"$all": tokens}
        if self.tag:
            out["tag_keys"] = facet_key(self.tag)
        if self.language:
            out["language"] = self.language
        if self.needs_owner is not None:
            out["needs_owner"] = self.needs_owner
        return out


async def group_detail(models: ReadModels, group_id: str, viewer: Caller) -> GroupDetail:
    """One group with its member count and the viewer's relation to it."""
    view = await view_group(models, group_id, viewer)
    count = (await member_counts(models, [group_id]))[group_id]
    return GroupDetail(
        **GroupSummary.of(view.doc, count).model_dump(),
        version=view.doc["_v"],
        my_status=view.actor.membership.status.value,
        my_role=view.actor.role,
        needs_owner=view.doc.get("needs_owner", False),
    )


async def search_groups(
    models: ReadModels, viewer: Caller, flt: GroupFilter, *, cursor: str | None, limit: int
) -> GroupPage:
    """Groups the viewer may see, by name, filtered, one page in name order."""
    after = decode_cursor(cursor)
    if flt.q is not None and not query_tokens(flt.q):
        return GroupPage(items=[], next_cursor=None)
    base = {"deleted": False} if viewer.platform_admin else {"listed": True}
    docs = await _listed(
        models, {**flt.clauses(), **base}, after, limit, windowed=not (flt.q or flt.tag)
    )
    if not viewer.platform_admin:
        docs = sorted(
            docs + await _secret(models, viewer, flt, after, limit), key=lambda d: d["sort_name"]
        )[: limit + 1]
    page, more = docs[:limit], len(docs) > limit
    counts = await member_counts(models, [d["_id"] for d in page])
    return GroupPage(
        items=[GroupSummary.of(d, counts[d["_id"]]) for d in page],
        next_cursor=encode_cursor(page[-1]["sort_name"]) if more else None,
    )


async def _listed(
    models: ReadModels, query: Doc, after: str | None, limit: int, *, windowed: bool
) -> list[Doc]:
    groups = models[GROUPS]

    async def fetch(key_range: Doc, n: int) -> list[Doc]:
        ordered = (
            {"sort_name": key_range, **query} if windowed else {**query, "sort_name": key_range}
        )
        return await groups.find(ordered).sort("sort_name", 1).limit(n).to_list(n)

    if windowed:
        return await read_windows(fetch, NAME_EDGES, after=after, limit=limit)
    return await fetch({"$gt": after} if after else {"$gte": ""}, limit + 1)


async def _secret(
    models: ReadModels, viewer: Caller, flt: GroupFilter, after: str | None, limit: int
) -> list[Doc]:
    """Secret groups the viewer belongs to that match the filter."""
    mine = (
        models[MEMBERSHIPS]
        .find({"employee_id": viewer.employee_id, "status": "member"}, {"group_id": 1})
        .limit(MAX_SECRET_GROUPS)
    )
    ids = [doc["group_id"] async for doc in mine]
    if not ids:
        return []
    query = {
        "_id": {"$in": ids},
        **flt.clauses(),
        "visibility": "secret",
        "deleted": False,
        "sort_name": {"$gt": after} if after else {"$gte": ""},
    }
    return await models[GROUPS].find(query).sort("sort_name", 1).limit(limit + 1).to_list(limit + 1)
