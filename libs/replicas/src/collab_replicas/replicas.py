"""All replica queries of one service's database, and the audience queries that join them."""

from __future__ import annotations

from servicekit.projection import ReadModels

from collab_replicas.audience import Audience, Criteria
from collab_replicas.follow_queries import FollowsReplica
from collab_replicas.group_queries import GroupsReplica
from collab_replicas.models import Person
from collab_replicas.names import Collections
from collab_replicas.people_queries import PeopleReplica


class Replicas:
    """``people``, ``follows`` and ``groups`` queries over one set of replica collections."""

    def __init__(self, models: ReadModels, collections: Collections = Collections()) -> None:
        self.people = PeopleReplica(models, collections)
        self.follows = FollowsReplica(models, collections)
        self.groups = GroupsReplica(models, collections)

    async def admits(self, audience: Audience, employee_id: str) -> bool:
        """Whether the reader is in the audience by their current facts and groups.

        Someone not (yet) in the people replica counts as active with no facts.
        """
        person = await self.people.person(employee_id) or Person(employee_id, active=True)
        groups = [m.group_id for m in await self.groups.groups_of(employee_id)]
        return audience.admits(person, groups)

    async def audience_members(self, audience: Audience) -> list[str]:
        """The active employees in the audience now, sorted (e.g. a poll's frozen electorate)."""
        if audience.everyone:
            cursor = self.people.people.find({"active": True}, {"_id": 1})
            included = {doc["_id"] async for doc in cursor}
        else:
            included = await self._matching(audience.include)
        return sorted(included - await self._matching(audience.exclude))

    async def _matching(self, criteria: Criteria) -> set[str]:
        """The active employees any list of ``criteria`` matches (one indexed query each)."""
        found: set[str] = set()
        for field, keys in criteria.facets().items():
            query = {field: {"$in": keys}, "active": True}
            found.update([doc["_id"] async for doc in self.people.people.find(query, {"_id": 1})])
        for group_id in dict.fromkeys(criteria.groups):
            found.update([e async for e in self.groups.active_member_ids(group_id)])
        explicit = set(criteria.employees)
        return found | (explicit - await self.people.inactive(explicit))
