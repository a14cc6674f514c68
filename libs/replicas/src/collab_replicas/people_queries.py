"""Queries over the people replica: facts, status, user-name lookup and mentions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from servicekit.projection import ReadModels

from collab_replicas.facts import user_name_key
from collab_replicas.models import Mention, Person
from collab_replicas.names import Collections
from collab_replicas.status import PersonStatus, read_status, status_of

Doc = dict[str, Any]
MAX_LOOKUP = 1000  # ids per query; more are read in chunks, handles are cut


class PeopleReplica:
    """Reads of a service's ``people`` replica."""

    def __init__(self, models: ReadModels, collections: Collections = Collections()) -> None:
        self.people = models[collections.people]

    async def person(self, employee_id: str) -> Person | None:
        """One person's facts (a tombstone when erased); None when never heard of."""
        doc = await self.people.find_one({"_id": employee_id})
        return Person.of(doc) if doc else None

    async def people_by_id(self, employee_ids: Iterable[str]) -> dict[str, Person]:
        """The known ones among ``employee_ids``."""
        found: dict[str, Person] = {}
        for ids in _chunks(employee_ids):
            async for doc in self.people.find({"_id": {"$in": ids}}):
                found[doc["_id"]] = Person.of(doc)
        return found

    async def status(self, employee_id: str) -> PersonStatus:
        """Known, active, erased; unknown people count as active."""
        return await read_status(self.people, employee_id)

    async def inactive(self, employee_ids: Iterable[str]) -> frozenset[str]:
        """The deactivated or erased ones among ``employee_ids``."""
        out: set[str] = set()
        for ids in _chunks(employee_ids):
            cursor = self.people.find({"_id": {"$in": ids}}, {"active": 1, "erased": 1})
            out.update([doc["_id"] async for doc in cursor if not status_of(doc).active])
        return frozenset(out)

    async def by_user_name(self, handle: str) -> Person | None:
        """The active holder of a user name, case-insensitively (newest holder on a tie)."""
        return (await self._holders([handle])).get(user_name_key(handle))

    async def resolve_mentions(self, handles: Iterable[str]) -> dict[str, Mention]:
        """Handle -> who it names; unknown and inactive handles are left out (plain text)."""
        wanted = list(dict.fromkeys(handles))[:MAX_LOOKUP]
        holders = await self._holders(wanted)
        out: dict[str, Mention] = {}
        for handle in wanted:
            person = holders.get(user_name_key(handle))
            if person is not None:
                shown = person.name or person.user_name or person.employee_id
                out[handle] = Mention(person.employee_id, shown)
        return out

    async def _holders(self, handles: Iterable[str]) -> dict[str, Person]:
        """Lookup key -> its newest active holder (events do not keep user names unique)."""
        keys = sorted({user_name_key(h) for h in handles})
        if not keys:
            return {}
        query = {"user_name_key": keys[0] if len(keys) == 1 else {"$in": keys}, "active": True}
        best: dict[str, Doc] = {}
        async for doc in self.people.find(query):
            key, held = doc["user_name_key"], best.get(doc["user_name_key"])
            if held is None or _newer(doc, held):
                best[key] = doc
        return {key: Person.of(doc) for key, doc in best.items()}


def _chunks(employee_ids: Iterable[str]) -> list[list[str]]:
    ids = sorted(set(employee_ids))
    return [ids[i : i + MAX_LOOKUP] for i in range(0, len(ids), MAX_LOOKUP)]


def _newer(doc: Doc, other: Doc) -> bool:
    """Deterministic: the later user-name assignment, then the larger employee id."""
    mine, theirs = doc.get("user_name_since"), other.get("user_name_since")
    if mine != theirs and mine is not None and theirs is not None:
        return bool(mine > theirs)
    if mine != theirs:
        return theirs is None
    return bool(doc["_id"] > other["_id"])
