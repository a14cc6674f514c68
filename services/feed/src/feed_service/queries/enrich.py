"""Turn read-model documents into views: names, mentions, reaction counts, pins.

Names come from the people replica at read time (a rename shows at once; an erased
person has no name to show); counts are counted, never stored (see projections.reactions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from collab_replicas import Person, Replicas
from servicekit.projection import ReadModels

from feed_service.projections.names import COMMENTS, REACTIONS
from feed_service.queries.views import Mention, PersonRef, ReactionCounts, Reactions

Doc = dict[str, Any]


@dataclass
class Names:
    """The people a page names, looked up once."""

    people: dict[str, Person] = field(default_factory=dict)

    def ref(self, employee_id: str) -> PersonRef:
        """An author: name and status (an unknown person counts as active, nameless)."""
        person = self.people.get(employee_id)
        if person is None:
            return PersonRef(employee_id=employee_id, display_name=None, active=True)
        return PersonRef(employee_id=employee_id, display_name=person.name, active=person.active)

    def mentions(self, employee_ids: Iterable[str]) -> list[Mention]:
        """Mentions of people who still have a name (erased people have none)."""
        out = []
        for employee_id in employee_ids:
            person = self.people.get(employee_id)
            if person is not None and not person.erased:
                name = person.name or person.user_name or employee_id
                out.append(Mention(employee_id=employee_id, display_name=name))
        return out


async def names_for(replicas: Replicas, docs: Sequence[Doc]) -> Names:
    """Authors and mentioned people of ``docs``."""
    ids = {d["author_id"] for d in docs} | {m for d in docs for m in d.get("mentions", [])}
    return Names(await replicas.people.people_by_id(ids))


async def reactions_for(
    models: ReadModels, targets: Sequence[str], me: str
) -> dict[str, Reactions]:
    """Counts per type and the caller's reaction, for each target.

    Both reads hold only indexed conditions (the targets; the caller's documents by id):
    a cleared reaction (``reaction: None``) is left out here, not in the query.
    """
    pipeline: list[Doc] = [
        {"$match": {"target": {"$in": list(targets)}}},
        {"$group": {"_id": {"t": "$target", "r": "$reaction"}, "n": {"$sum": 1}}},
    ]
    counts: dict[str, dict[str, int]] = {t: {} for t in targets}
    async for row in await models[REACTIONS].aggregate(pipeline):
        if row["_id"].get("r") is not None:
            counts[row["_id"]["t"]][row["_id"]["r"]] = int(row["n"])
    mine_query = {"_id": {"$in": [f"{t}/{me}" for t in targets]}}
    mine = {
        d["target"]: d["reaction"]
        async for d in models[REACTIONS].find(mine_query, {"target": 1, "reaction": 1})
        if d.get("reaction") is not None
    }
    return {
        t: Reactions(
            counts=ReactionCounts(**counts[t]), total=sum(counts[t].values()), mine=mine.get(t)
        )
        for t in targets
    }


async def comment_counts(
    models: ReadModels, key: str, ids: Sequence[str], **match: Any
) -> dict[str, int]:
    """Live comments per ``key`` (post_id or parent_id) among ``ids``.

    ``match`` narrows the read to an index prefix (replies: their ``post_id``); deleted
    comments are grouped apart and left out here, so the match holds indexed fields only.
    """
    pipeline: list[Doc] = [
        {"$match": {**match, key: {"$in": list(ids)}}},
        {"$group": {"_id": {"k": f"${key}", "deleted": "$deleted"}, "n": {"$sum": 1}}},
    ]
    found: dict[str, int] = {}
    async for row in await models[COMMENTS].aggregate(pipeline):
        if row["_id"].get("deleted") is False:
            found[row["_id"]["k"]] = int(row["n"])
    return {i: found.get(i, 0) for i in ids}


def active_pins(pins_doc: Doc | None, now: datetime) -> dict[str, Doc]:
    """Post id -> pin, for the pins of a group that have not expired, newest pin first."""
    pins = (pins_doc or {}).get("pins", [])
    live = [p for p in pins if p.get("until") is None or p["until"] > now]
    return {p["post_id"]: p for p in sorted(live, key=lambda p: p["at"], reverse=True)}
