"""Queries over the groups and memberships replicas: facts, members, access."""

from __future__ import annotations

from collections.abc import AsyncIterator

from servicekit.projection import ReadModels

from collab_replicas.access import NO_ACCESS, Access, decide_access
from collab_replicas.memberships import membership_key
from collab_replicas.models import GroupFacts, Membership
from collab_replicas.names import Collections
from collab_replicas.status import read_status

PAGE = 500
MAX_GROUPS = 5000


class GroupsReplica:
    """Reads of a service's ``groups`` and ``memberships`` replicas."""

    def __init__(self, models: ReadModels, collections: Collections = Collections()) -> None:
        self.groups, self.memberships = models[collections.groups], models[collections.memberships]
        self.people = models[collections.people]

    async def group(self, group_id: str) -> GroupFacts | None:
        """A group's facts (also when deleted: ``deleted`` says so); None when unknown."""
        doc = await self.groups.find_one({"_id": group_id})
        return GroupFacts.of(doc) if doc else None

    async def membership(self, group_id: str, employee_id: str) -> Membership | None:
        """One person's relation to one group, if any was recorded."""
        doc = await self.memberships.find_one({"_id": membership_key(group_id, employee_id)})
        return Membership.of(doc) if doc else None

    async def member_ids_page(
        self, group_id: str, *, after: str | None = None, limit: int = PAGE
    ) -> list[str]:
        """Up to ``limit`` active members of a live group, by employee id, after ``after``."""
        group = await self.group(group_id)
        if group is None or group.deleted:
            return []
        query = {
            "group_id": group_id,
            "status": "member",
            "active": True,
            "employee_id": {"$gt": after} if after is not None else {"$gte": ""},
        }
        cursor = (
            self.memberships.find(query, {"employee_id": 1}).sort("employee_id", 1).limit(limit)
        )
        return [doc["employee_id"] async for doc in cursor]

    async def active_member_ids(self, group_id: str, *, page: int = PAGE) -> AsyncIterator[str]:
        """Every active member of a live group, page by page (fan-out, eligibility snapshots)."""
        after: str | None = None
        while True:
            ids = await self.member_ids_page(group_id, after=after, limit=page)
            for employee_id in ids:
                yield employee_id
            if len(ids) < page:
                return
            after = ids[-1]

    async def groups_of(self, employee_id: str) -> list[Membership]:
        """The live groups someone is an active member of (at most MAX_GROUPS)."""
        query = {"employee_id": employee_id, "status": "member", "active": True}
        docs = await self.memberships.find(query).limit(MAX_GROUPS).to_list(MAX_GROUPS)
        ids = [doc["group_id"] for doc in docs]
        if not ids:
            return []
        live = {
            doc["_id"]
            async for doc in self.groups.find({"_id": {"$in": ids}, "deleted": False}, {"_id": 1})
        }
        return sorted((Membership.of(d) for d in docs if d["group_id"] in live), key=_by_group)

    async def access(self, group_id: str, employee_id: str, *, admin: bool = False) -> Access:
        """What ``employee_id`` may do with the group (``admin`` from the caller's token)."""
        group = await self.group(group_id)
        if group is None or group.deleted:
            return NO_ACCESS
        membership = await self.membership(group_id, employee_id)
        reader = await read_status(self.people, employee_id)
        return decide_access(group, membership, employee_id, reader, admin=admin)

    async def can_see(self, group_id: str, employee_id: str, *, admin: bool = False) -> bool:
        """May know the group exists (else answer 404, not 403)."""
        return (await self.access(group_id, employee_id, admin=admin)).visible

    async def can_read(self, group_id: str, employee_id: str, *, admin: bool = False) -> bool:
        """May read the group's content."""
        return (await self.access(group_id, employee_id, admin=admin)).readable

    async def can_post(self, group_id: str, employee_id: str, *, admin: bool = False) -> bool:
        """May post in the group (active member of a writable group, or admin)."""
        return (await self.access(group_id, employee_id, admin=admin)).postable


def _by_group(membership: Membership) -> str:
    return membership.group_id
