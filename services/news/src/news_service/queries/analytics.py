"""Reach of one article: audience, read, acknowledged, pending, by country, department
and language (the people replica's current facts), and first reads per day.

Counted from documents (obligations, readers), never kept as counters: replays and
redeliveries cannot make them drift. The audience of a must-read is everyone obliged
(frozen at publication, plus later entrants: read from the snapshots and the entrants
stream, ``queries/obliged.py``); other articles report the size their
audience had at publication and count only readers per group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from collab_replicas import Person, Replicas
from pydantic import BaseModel, Field
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort

from news_service.domain.language import primary
from news_service.projections.names import READERS
from news_service.queries.obliged import obliged_ids
from news_service.registries.snapshots import Snapshots

Doc = dict[str, Any]
UNKNOWN = "unknown"
CHUNK, SCAN_ABOVE = 50, 5000


class Reach(BaseModel):
    """Counts of one group of people (or of everyone)."""

    audience: int | None = Field(default=None, description="Must-reads only, per group.")
    read: int = 0
    acknowledged: int = 0
    pending: int = 0


class Analytics(BaseModel):
    """An article's reach in total and by fact."""

    article_id: str
    version: int
    required_version: int
    must_read: bool
    audience_size: int
    total: Reach
    by_country: dict[str, Reach]
    by_department: dict[str, Reach]
    by_language: dict[str, Reach]
    readers_per_day: dict[str, int]


def language_of(person: Person | None) -> str:
    """A person's language for reports: their locale's, else their first language's."""
    if person is None:
        return UNKNOWN
    tag = person.locale or (person.languages[0] if person.languages else None)
    return primary(tag) if tag else UNKNOWN


@dataclass(frozen=True, slots=True)
class _Row:
    obliged: bool
    read: bool
    acknowledged: bool


def _add(reach: Reach, row: _Row) -> None:
    if reach.audience is not None and row.obliged:
        reach.audience += 1
    reach.read += row.read
    reach.acknowledged += row.acknowledged
    reach.pending += row.obliged and not row.acknowledged


def _buckets(person: Person | None) -> dict[str, str]:
    if person is None:
        return dict.fromkeys(("country", "department", "language"), UNKNOWN)
    return {
        "country": person.country or UNKNOWN,
        "department": person.department or UNKNOWN,
        "language": language_of(person),
    }


async def _gather(
    models: ReadModels, store: EventStorePort, snapshots: Snapshots, doc: Doc
) -> tuple[list[str], list[Doc]]:
    article_id = doc["_id"]
    ids = await obliged_ids(models, store, snapshots, doc) if doc.get("must_read") else []
    fields = {"employee_id": 1, "read_day": 1, "acknowledged_version": 1}
    readers = await models[READERS].find({"article_id": article_id}, fields).to_list(None)
    return ids, readers


async def facts_of(replicas: Replicas, ids: set[str]) -> dict[str, Person]:
    """The people among ``ids``: small sets by ``$in`` chunks of 50 (SecantusDB's ``$in``
    grows with the square of its list), large ones by one pass over the replica."""
    people = replicas.people.people
    fields = {"country": 1, "department": 1, "locale": 1, "languages": 1, "active": 1}
    if len(ids) > SCAN_ABOVE:
        return {d["_id"]: Person.of(d) async for d in people.find({}, fields) if d["_id"] in ids}
    ordered, found = sorted(ids), {}
    for start in range(0, len(ordered), CHUNK):
        query = {"_id": {"$in": ordered[start : start + CHUNK]}}
        found.update({d["_id"]: Person.of(d) async for d in people.find(query, fields)})
    return found


async def analytics(
    replicas: Replicas, models: ReadModels, store: EventStorePort, snapshots: Snapshots, doc: Doc
) -> Analytics:
    """The reach of the article ``doc`` (an ``articles`` document)."""
    must_read, required = bool(doc.get("must_read")), int(doc.get("required_version", 0))
    obliged, readers = await _gather(models, store, snapshots, doc)
    by_reader, obliged_set = {r["employee_id"]: r for r in readers}, set(obliged)
    people = await facts_of(replicas, obliged_set | set(by_reader))
    start = 0 if must_read else None
    total = Reach(audience=start)
    groups: dict[str, dict[str, Reach]] = {"country": {}, "department": {}, "language": {}}
    for employee_id in dict.fromkeys([*obliged, *by_reader]):
        reader = by_reader.get(employee_id, {})
        acked = must_read and int(reader.get("acknowledged_version", 0)) >= required
        row = _Row(must_read and employee_id in obliged_set, bool(reader.get("read_day")), acked)
        _add(total, row)
        for kind, key in _buckets(people.get(employee_id)).items():
            _add(groups[kind].setdefault(key, Reach(audience=start)), row)
    size = len(obliged) if must_read else int(doc.get("audience_size", 0))
    days = Counter(r["read_day"] for r in readers if r.get("read_day"))
    return Analytics(
        article_id=doc["_id"], version=int(doc.get("version", 0)), required_version=required,
        must_read=must_read, audience_size=size, total=total, by_country=groups["country"],
        by_department=groups["department"], by_language=groups["language"],
        readers_per_day=dict(sorted(days.items())),
    )  # fmt: skip


async def acknowledgements_csv(models: ReadModels, article_id: str) -> str:
    """Every acknowledgement of the article for audits: employee, version, language, time."""
    rows = ["employee_id,acknowledged_version,language,acknowledged_at"]
    query = {"article_id": article_id, "acknowledged_version": {"$gte": 1}}
    async for doc in models[READERS].find(query).sort("employee_id", 1):
        at = doc["acknowledged_at"].isoformat()
        rows.append(
            f"{doc['employee_id']},{doc['acknowledged_version']},{doc['acknowledged_language']},{at}"
        )
    return "\r\n".join(rows) + "\r\n"
