"""Member queries: a group's member list and its pending requests and invitations."""

from __future__ import annotations

from typing import Any, Literal

from collab_replicas import Collections, PeopleReplica
from collab_replicas import Person as PersonFacts
from servicekit.http.cursors import decode_cursor, encode_cursor
from servicekit.projection import ReadModels

from group_service.domain.access import ensure_manager
from group_service.domain.model import ROLE_RANK, Caller, Role
from group_service.projections.counts import estimated_members
from group_service.projections.keys import BUCKETS, position_key, position_of, role_range
from group_service.projections.names import MEMBERSHIPS, PEOPLE
from group_service.queries.access import view_group, view_members_of
from group_service.queries.views import Member, MemberPage, Pending, PendingPage, person
from group_service.queries.window import Fetch, first_width, read_windows

Doc = dict[str, Any]
REPLICA = Collections(people=PEOPLE)
PendingKind = Literal["requested", "invited"]


async def people_by_id(models: ReadModels, employee_ids: list[str]) -> dict[str, PersonFacts]:
    """Some employees' facts from the people replica (the known ones)."""
    return await PeopleReplica(models, REPLICA).people_by_id(employee_ids)


def _fetcher(models: ReadModels, group_id: str, status: str) -> Fetch:
    async def fetch(key_range: Doc, n: int) -> list[Doc]:
        query = {"group_id": group_id, "status": status, "active": True, "sort_key": key_range}
        return await models[MEMBERSHIPS].find(query).sort("sort_key", 1).limit(n).to_list(n)

    return fetch


async def _page(
    models: ReadModels,
    group_id: str,
    status: str,
    *,
    after: str | None,
    limit: int,
    role: Role | None = None,
) -> tuple[list[Doc], str | None]:
    """One page in list order, read rank by rank through narrow key windows."""
    total = await estimated_members(models, group_id) if status == "member" else 0
    fetch, docs = _fetcher(models, group_id, status), list[Doc]()
    for rank in [role] if role else list(ROLE_RANK):
        start, end = role_range(rank)
        if after is not None and position_of(after) >= end:
            continue
        # Owners, admins and moderators are few: one window; members fill the rest evenly.
        width = first_width(total, BUCKETS, limit) if rank == "member" else BUCKETS
        docs += await read_windows(
            fetch,
            [position_key(p) for p in range(start, end + 1)],
            after=after if after and position_of(after) >= start else None,
            limit=limit - len(docs),
            first_width=width,
        )
        if len(docs) > limit:
            break
    page = docs[:limit]
    return page, encode_cursor(page[-1]["sort_key"]) if len(docs) > limit else None


async def member_page(
    models: ReadModels,
    group_id: str,
    viewer: Caller,
    *,
    cursor: str | None,
    limit: int,
    role: Role | None = None,
) -> MemberPage:
    """Active members, owners first, with their current name, title and department."""
    await view_members_of(models, group_id, viewer)
    docs, next_cursor = await _page(
        models, group_id, "member", after=decode_cursor(cursor), limit=limit, role=role
    )
    people = await people_by_id(models, [d["employee_id"] for d in docs])
    items = [
        Member(
            **person(d["employee_id"], people.get(d["employee_id"])),
            role=d["role"],
            since=d.get("since"),
        )
        for d in docs
    ]
    return MemberPage(items=items, next_cursor=next_cursor)


async def pending_page(
    models: ReadModels,
    group_id: str,
    viewer: Caller,
    kind: PendingKind,
    *,
    cursor: str | None,
    limit: int,
) -> PendingPage:
    """Pending join requests or invitations of a group (for its owners and admins)."""
    view = await view_group(models, group_id, viewer)
    ensure_manager(view.actor)
    docs, next_cursor = await _page(
        models, group_id, kind, after=decode_cursor(cursor), limit=limit
    )
    people = await people_by_id(models, [d["employee_id"] for d in docs])
    return PendingPage(
        items=[pending(d, people.get(d["employee_id"])) for d in docs], next_cursor=next_cursor
    )


def pending(doc: Doc, facts: PersonFacts | None, group_name: str | None = None) -> Pending:
    """A membership document in a pending state, as a view."""
    since = doc.get("requested_at") if doc["status"] == "requested" else doc.get("invited_at")
    return Pending(
        **person(doc["employee_id"], facts),
        group_id=doc["group_id"],
        group_name=group_name,
        since=since,
        invited_by=doc.get("invited_by"),
    )
