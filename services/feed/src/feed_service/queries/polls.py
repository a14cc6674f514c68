"""Group polls in feeds: listed polls of groups the reader may read, as poll items.

Visibility is the group's, from the feed's own replicas, like its posts: a public group's
polls for every employee who reads its feed, a private or secret group's for its active
members only (a secret group's poll never reaches anyone else).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from servicekit.batches import kept_in_range

from feed_service.projections.names import POLLS
from feed_service.queries.enrich import Names
from feed_service.queries.items import PollItem, PollOptionView
from feed_service.queries.reader import PostReader

Doc = dict[str, Any]


async def scan_polls(
    reader: PostReader, group_ids: Sequence[str], after: str | None, limit: int
) -> tuple[list[Doc], str | None]:
    """Listed polls of ``group_ids`` the reader may read, before key ``after``; boundary.

    As ``PostReader.scan``: every such poll with a key at or above the boundary is in the
    list (None: all of them). Access is checked per poll's group (cached per request), so
    groups without polls cost nothing.
    """
    if not group_ids:
        return [], None
    per_group = [_listed(reader, g, after, limit + 1) for g in sorted(set(group_ids))]
    found = [doc for docs in await asyncio.gather(*per_group) for doc in docs]
    docs = sorted(found, key=lambda d: d["key"], reverse=True)[: limit + 1]
    shown = [d for d in docs[:limit] if (await reader.place(d["group_id"])).readable]
    return shown, (docs[limit - 1]["key"] if len(docs) > limit else None)


async def _listed(reader: PostReader, group_id: str, after: str | None, size: int) -> list[Doc]:
    """Up to ``size`` listed polls of one group before key ``after``, newest first.

    One (group, key range) read of the index at a time: SecantusDB scans the whole
    collection for an ``$in`` of groups with a range, or for ``listed`` in the query.
    """
    return await kept_in_range(
        reader.models[POLLS], {"group_id": group_id}, "key", above="", below=after or None,
        keep=lambda doc: doc.get("listed") is True, count=size,
    )  # fmt: skip


async def poll_items(reader: PostReader, docs: Sequence[Doc]) -> list[PollItem]:
    """Poll documents as items: question, options and state, the owner's current name."""
    if not docs:
        return []
    owners = await reader.replicas.people.people_by_id({d["owner_id"] for d in docs})
    names = Names(owners)
    return [
        PollItem(
            id=d["_id"],
            group_id=d["group_id"],
            owner=names.ref(d["owner_id"]),
            question=d["question"],
            description=d.get("description", ""),
            poll_kind=d["poll_kind"],
            secrecy=d["secrecy"],
            options=[PollOptionView(**o) for o in d["options"]],
            status=d["status"],
            opened_at=d["opened_at"],
            closes_at=d["closes_at"],
            ended_at=d.get("ended_at"),
        )
        for d in docs
    ]
