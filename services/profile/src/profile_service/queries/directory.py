"""Directory queries: name-prefix search with facets, org chart, single entries.

Filters list the most selective clause first: servers without a real query
planner (SecantusDB) drive the lookup by the first indexed field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from servicekit.projection import ReadModels

from profile_service.domain import search
from profile_service.domain.orgchart import MAX_CHAIN_DEPTH
from profile_service.projections.directory import COLLECTION

Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DirectoryQuery:
    """What to look for; every given criterion must match."""

    text: str | None = None
    skill: str | None = None
    department: str | None = None
    location: str | None = None
    country: str | None = None
    include_inactive: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """Directory entries in order, and the sort key to continue after (if more exist)."""

    items: list[Doc]
    next_after: str | None


def search_filter(query: DirectoryQuery) -> Doc:
    """The MongoDB filter of a directory query (without the paging clause)."""
    where: Doc = {}
    if query.text is not None:
        where |= _text_filter(search.query_keys(query.text))
    given = {
        "skill": query.skill,
        "department": query.department,
        "location": query.location,
    }
    wanted = [f"{facet}:{search.facet_key(value)}" for facet, value in given.items() if value]
    if query.country:
        wanted.append(f"country:{query.country.upper()}")
    if wanted:
        where["facets"] = wanted[0] if len(wanted) == 1 else {"$all": wanted}
    return where | _visibility(query.include_inactive)


def _text_filter(keys: list[str]) -> Doc:
    """Keys of one query (its spellings) have the same number of words (see domain.search)."""
    if not keys or not search.is_phrase(keys[0]):
        return {"search_prefixes": _one_of(keys)}
    firsts = list(dict.fromkeys(k.split(" ")[0] for k in keys))
    starts = [re.compile("^" + re.escape(k)) for k in keys]
    return {"search_prefixes": _one_of(firsts), "search_phrases": {"$in": starts}}


def _one_of(values: list[str]) -> Any:
    return values[0] if len(values) == 1 else {"$in": values}


async def find_page(models: ReadModels, where: Doc, *, after: str | None, limit: int) -> Page:
    """One page of entries matching ``where`` in directory order (family, given name, id)."""
    if after is not None:
        where = {**where, "sort_key": {"$gt": after}}
    cursor = models[COLLECTION].find(where, sort=[("sort_key", 1)], limit=limit + 1)
    docs = [doc async for doc in cursor]
    more = len(docs) > limit
    items = docs[:limit]
    return Page(items, items[-1]["sort_key"] if more and items else None)


async def get_entry(models: ReadModels, employee_id: str) -> Doc | None:
    """The directory entry of an employee (tombstones of erased employees included)."""
    return await models[COLLECTION].find_one({"_id": employee_id})


async def get_entries(models: ReadModels, employee_ids: list[str]) -> dict[str, Doc]:
    """Entries by id, for joining lists of ids (missing ids are left out)."""
    cursor = models[COLLECTION].find({"_id": {"$in": employee_ids}})
    return {doc["_id"]: doc async for doc in cursor}


async def management_chain(models: ReadModels, entry: Doc) -> list[Doc]:
    """The entry's managers from the direct one to the top; stops at a loop or a gap."""
    chain: list[Doc] = []
    seen = {entry["_id"]}
    manager_id = entry.get("manager_id")
    while manager_id and manager_id not in seen and len(chain) < MAX_CHAIN_DEPTH:
        manager = await get_entry(models, manager_id)
        if manager is None or manager.get("erased"):
            break
        chain.append(manager)
        seen.add(manager_id)
        manager_id = manager.get("manager_id")
    return chain


def reports_filter(manager_id: str, *, include_inactive: bool) -> Doc:
    """Direct reports of a manager."""
    return {"facets": f"manager:{manager_id}"} | _visibility(include_inactive)


def _visibility(include_inactive: bool) -> Doc:
    # Erased entries are tombstones: never listed. Inactive ones only when asked for.
    return {"erased": False} if include_inactive else {"active": True}


async def count(models: ReadModels, where: Doc) -> int:
    """How many entries match."""
    return await models[COLLECTION].count_documents(where)
