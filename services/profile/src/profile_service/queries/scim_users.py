"""SCIM's reads of users: every committed write is visible at once (identity providers create,
then look up).

- ``id eq``: the event store itself.
- ``userName eq`` / ``externalId eq``: the directory, corrected by the event store for
  the employees whose latest events the directory has not applied yet (see
  ``freshness``): those are folded from their streams and matched there.
- no filter: the directory, once it holds every write committed before the read
  (bounded wait, else ``NotYetConsistent``).

A user deleted by SCIM (deprovisioned) or erased is not a SCIM resource any more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from servicekit.eventstore import EventStore
from servicekit.projection import ReadModels

from profile_service.domain import search
from profile_service.domain.fields import display_name, user_name_key
from profile_service.projections.directory import COLLECTION
from profile_service.queries.freshness import Unapplied, head, unapplied, wait_until_applied
from profile_service.queries.records import EmployeeRecord, employee_record

Attribute = Literal["id", "userName", "externalId"]
_DIRECTORY_KEYS = {"userName": "user_name_key", "externalId": "external_id"}
_FIELDS = {"userName": "user_name", "externalId": "external_id"}
_VISIBLE = {"sort_key": {"$gt": ""}, "erased": False, "deprovisioned": {"$ne": True}}


class NotYetConsistent(Exception):
    """The directory is too far behind the event store to answer now."""


@dataclass(frozen=True, slots=True)
class UserRow:
    """What a SCIM User is rendered from."""

    employee_id: str
    profile: Mapping[str, Any]
    active: bool
    version: int
    created: datetime | None
    modified: datetime | None
    sort_key: str


def scim_visible(record: EmployeeRecord) -> bool:
    """Registered, neither erased nor deleted by the identity provider."""
    return record.state.exists and not record.state.deprovisioned


async def find_users(
    store: EventStore, models: ReadModels, attribute: Attribute, value: str, timeout_s: float
) -> list[UserRow]:
    """The users whose ``attribute`` equals ``value`` (userName case-insensitively)."""
    if attribute == "id":
        return [_from_record(r) for r in [await employee_record(store, value)] if scim_visible(r)]
    missing = await _unapplied_now(store, models, timeout_s)
    wanted = user_name_key(value) if attribute == "userName" else value
    cursor = models[COLLECTION].find({_DIRECTORY_KEYS[attribute]: wanted})
    docs = [doc async for doc in cursor]
    rows = [_from_doc(d) for d in docs if d["_id"] not in missing.streams and _doc_visible(d)]
    stale = {d["_id"] for d in docs if d["_id"] in missing.streams}
    for employee_id in stale | _mentioning(missing, attribute, wanted):
        record = await employee_record(store, employee_id)
        if scim_visible(record) and _matches(record, attribute, wanted):
            rows.append(_from_record(record))
    return sorted(rows, key=lambda row: row.sort_key)


async def page_users(
    store: EventStore, models: ReadModels, skip: int, limit: int, timeout_s: float
) -> tuple[int, list[UserRow]]:
    """(total, one page) of all users in directory order."""
    if not (await wait_until_applied(store, models, timeout_s)).caught_up:
        raise NotYetConsistent
    collection = models[COLLECTION]
    total = await collection.count_documents(_VISIBLE)
    if not limit or skip >= total:
        return total, []
    cursor = collection.find(_VISIBLE, sort=[("sort_key", 1)], skip=skip, limit=limit)
    return total, [_from_doc(doc) async for doc in cursor]


async def _unapplied_now(store: EventStore, models: ReadModels, timeout_s: float) -> Unapplied:
    missing = await unapplied(store, models, await head(store))
    if not missing.complete:  # too many to correct for: let the directory catch up first
        missing = await wait_until_applied(store, models, timeout_s)
        if not missing.complete:
            raise NotYetConsistent
    return missing


def _mentioning(missing: Unapplied, attribute: Attribute, wanted: str) -> set[str]:
    """Employees whose unapplied events set ``attribute`` to ``wanted``."""
    name = _FIELDS[attribute]
    found = set()
    for employee_id, docs in missing.streams.items():
        for doc in docs:
            data = doc.get("data") or {}
            fields = data.get("profile") or data.get("changes") or {}
            if _key(attribute, fields.get(name)) == wanted:
                found.add(employee_id)
    return found


def _key(attribute: Attribute, value: Any) -> Any:
    return user_name_key(value) if attribute == "userName" and isinstance(value, str) else value


def _matches(record: EmployeeRecord, attribute: Attribute, wanted: str) -> bool:
    return bool(_key(attribute, record.state.profile.get(_FIELDS[attribute])) == wanted)


def _doc_visible(doc: Mapping[str, Any]) -> bool:
    return not doc.get("erased") and not doc.get("deprovisioned") and "profile" in doc


def _from_doc(doc: Mapping[str, Any]) -> UserRow:
    return UserRow(
        doc["_id"],
        doc["profile"],
        doc["active"],
        doc["_v"],
        doc.get("created_at"),
        doc.get("modified_at"),
        doc["sort_key"],
    )


def _from_record(record: EmployeeRecord) -> UserRow:
    state = record.state
    given, family = state.profile.get("given_name"), state.profile.get("family_name")
    key = search.sort_key(given, family, display_name(state.profile), state.employee_id)
    return UserRow(
        state.employee_id,
        state.profile,
        state.active,
        record.version,
        record.created,
        record.modified,
        key,
    )
