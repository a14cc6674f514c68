"""The directory: one document per employee with search keys, facets and org links.

Erasure replaces the document by a tombstone without any personal field; the
stream version guards every write, so a replay never resurrects it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
)
from pymongo import UpdateOne
from servicekit.guarded import replace_if_newer
from servicekit.projection import EventContext, Projection, ReadModels, ensure_indexes

from profile_service.domain import search
from profile_service.domain.fields import Profile, display_name, set_fields, user_name_key

COLLECTION = "directory"
DIRECTORY = Projection(name="directory", sources=("profile",), collections=(COLLECTION,))


# One index per facet, as older releases kept, cost every write five index updates;
# ``facets`` holds them all in one multikey index.
_FACET_INDEXES = (
    "skill_keys_1_sort_key_1",
    "department_key_1_sort_key_1",
    "location_key_1_sort_key_1",
    "country_1_sort_key_1",
    "manager_id_1_sort_key_1",
)


@DIRECTORY.setup
async def create_directory_indexes(models: ReadModels) -> None:
    """Indexes: each filter field leads, directory order follows (a sort MongoDB need not do)."""
    by_name = ("sort_key", 1)
    await ensure_indexes(
        models,
        [
            (COLLECTION, [("search_prefixes", 1), by_name], {}),
            (COLLECTION, [("facets", 1), by_name], {}),
            (COLLECTION, [by_name], {}),
            (COLLECTION, [("user_name_key", 1)], {}),
            (COLLECTION, [("external_id", 1)], {}),
        ],
    )
    directory = models[COLLECTION]
    existing = {spec["name"] async for spec in await directory.list_indexes()}
    older = existing.intersection(_FACET_INDEXES)
    if not older:
        return  # written by this release: every entry has its facets, no scan at start
    await _add_facets(models)
    for name in older:  # dropped only once the backfill is done: a crash redoes it
        await directory.drop_index(name)


async def _add_facets(models: ReadModels) -> None:
    """Give entries written by an older release their ``facets``."""
    directory = models[COLLECTION]
    older = {"facets": {"$exists": False}, "erased": False}
    ops = [
        UpdateOne(
            {"_id": doc["_id"], "facets": {"$exists": False}}, {"$set": {"facets": facets(doc)}}
        )
        async for doc in directory.find(older, {"facets": 0})
    ]
    for i in range(0, len(ops), 1000):
        await directory.bulk_write(ops[i : i + 1000], ordered=False)


def facets(entry: dict[str, Any]) -> list[str]:
    """The entry's filter values, each as ``<facet>:<key>`` (the ``facets`` index)."""
    values = [f"skill:{k}" for k in entry.get("skill_keys") or []]
    for facet, field in FACET_FIELDS.items():
        if entry.get(field):
            values.append(f"{facet}:{entry[field]}")
    return values


FACET_FIELDS = {
    "department": "department_key",
    "location": "location_key",
    "country": "country",
    "manager": "manager_id",
}


def directory_entry(
    employee_id: str,
    profile: Profile,
    *,
    active: bool,
    created: datetime,
    modified: datetime,
    deprovisioned: bool = False,
) -> dict[str, Any]:
    """The directory document of an employee."""
    given, family = profile.get("given_name"), profile.get("family_name")
    shown = display_name(profile)
    entry = {
        "active": active,
        "erased": False,
        "deprovisioned": deprovisioned,  # deleted by SCIM: not a SCIM resource any more
        "profile": dict(profile),
        "display_name": shown,
        "sort_key": search.sort_key(given, family, shown, employee_id),
        "search_prefixes": search.person_name_prefixes(given, family, shown),
        "search_phrases": search.person_name_phrases(given, family, shown),
        "department_key": _facet(profile.get("department")),
        "location_key": _facet(profile.get("location")),
        "country": profile.get("country"),
        "skill_keys": sorted({search.facet_key(s) for s in profile.get("skills") or []}),
        "manager_id": profile.get("manager_id"),
        "user_name_key": user_name_key(profile["user_name"]) if profile.get("user_name") else None,
        "external_id": profile.get("external_id"),
        "created_at": created,
        "modified_at": modified,
    }
    return entry | {"facets": facets(entry)}


def _facet(value: str | None) -> str | None:
    return search.facet_key(value) if value else None


@DIRECTORY.on(EmployeeRegistered, batched=True)
async def add_employee_to_directory(event: EmployeeRegistered, ctx: EventContext) -> None:
    """A new employee appears in the directory."""
    at = ctx.envelope.time
    entry = directory_entry(
        event.employee_id, set_fields(event.profile), active=True, created=at, modified=at
    )
    directory = ctx.models[COLLECTION]
    if ctx.version == 1:  # the common case, a new stream: an insert costs half
        ctx.writes.insert_first_version(directory, event.employee_id, entry)
    else:
        ctx.writes.replace_if_newer(directory, event.employee_id, ctx.version, entry)


@DIRECTORY.on(EmployeeProfileUpdated)
async def update_directory_profile(event: EmployeeProfileUpdated, ctx: EventContext) -> None:
    """Merge the changed fields and recompute the search keys."""
    collection = ctx.models[COLLECTION]
    current = await collection.find_one({"_id": event.employee_id}) or {}
    if current.get("_v", 0) >= ctx.version or current.get("erased"):
        return
    kept = {k: v for k, v in current.get("profile", {}).items() if k not in event.cleared}
    at = ctx.envelope.time
    entry = directory_entry(
        event.employee_id,
        kept | set_fields(event.changes),
        active=current.get("active", True),
        created=current.get("created_at", at),
        modified=at,
        deprovisioned=current.get("deprovisioned", False),
    )
    await replace_if_newer(collection, event.employee_id, ctx.version, entry)


@DIRECTORY.on(EmployeeDeactivated, batched=True)
async def hide_employee_from_directory(event: EmployeeDeactivated, ctx: EventContext) -> None:
    """Deactivated employees are hidden from ordinary searches."""
    fields: dict[str, Any] = {"active": False, "modified_at": ctx.envelope.time}
    if event.deprovisioned:
        fields["deprovisioned"] = True
    ctx.writes.upsert_if_newer(ctx.models[COLLECTION], event.employee_id, ctx.version, fields)


@DIRECTORY.on(EmployeeReactivated, batched=True)
async def show_employee_in_directory(event: EmployeeReactivated, ctx: EventContext) -> None:
    """A reactivated employee is searchable again."""
    fields = {"active": True, "deprovisioned": False, "modified_at": ctx.envelope.time}
    ctx.writes.upsert_if_newer(ctx.models[COLLECTION], event.employee_id, ctx.version, fields)


@DIRECTORY.on(EmployeeErased, batched=True)
async def erase_employee_from_directory(event: EmployeeErased, ctx: EventContext) -> None:
    """Replace the entry by a tombstone holding no personal data."""
    tombstone = {"active": False, "erased": True, "modified_at": ctx.envelope.time}
    ctx.writes.replace_if_newer(ctx.models[COLLECTION], event.employee_id, ctx.version, tombstone)
