"""SCIM's reads of users: every acknowledged write is visible at once (identity providers
create, then look up).

- ``id eq``: the event store itself.
- ``userName eq`` / ``externalId eq``: the candidates are the directory's matches and
  the employees an acknowledged write gave the filter's key (``acknowledged_writes``);
  a directory row counts only at the stream's current version, any other candidate
  is folded from its stream and matched there.
- no filter: the directory, once it holds every write acknowledged before the read
  (bounded wait, else ``NotYetConsistent``).

A user deleted by SCIM (deprovisioned) or erased is not a SCIM resource any more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from profile_service.domain import search
from profile_service.domain.employee import subject
from profile_service.domain.fields import display_name, user_name_key
from profile_service.ports import Ports
from profile_service.projections.directory import COLLECTION
from profile_service.queries.freshness import pending, wait_until_applied
from profile_service.queries.records import EmployeeRecord, employee_record
from profile_service.registries.acknowledged import lookup_key

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


async def find_users(ports: Ports, attribute: Attribute, value: str) -> list[UserRow]:
    """The users whose ``attribute`` equals ``value`` (userName case-insensitively)."""
    if attribute == "id":
        record = await employee_record(ports.store, value)
        return [_from_record(record)] if scim_visible(record) else []
    wanted = user_name_key(value) if attribute == "userName" else value
    # Acknowledgements first: one forgotten before this lookup was applied before the
    # directory is read below, so its employee is among the directory's rows.
    keyed = await ports.acknowledged.having_key(lookup_key(attribute, value))
    cursor = ports.models[COLLECTION].find({_DIRECTORY_KEYS[attribute]: wanted})
    rows_by_id = {doc["_id"]: doc async for doc in cursor}
    found = []
    for employee_id in sorted(rows_by_id.keys() | {doc["_id"] for doc in keyed}):
        doc = rows_by_id.get(employee_id)
        if doc is not None and doc["_v"] == await ports.store.version(subject(employee_id)):
            found += [_from_doc(doc)] if _doc_visible(doc) else []
            continue
        record = await employee_record(ports.store, employee_id)  # the directory lags
        if scim_visible(record) and _matches(record, attribute, wanted):
            found.append(_from_record(record))
    await pending(ports, keyed)  # forget what the directory has applied meanwhile
    return sorted(found, key=lambda row: row.sort_key)


async def page_users(
    ports: Ports, skip: int, limit: int, timeout_s: float
) -> tuple[int, list[UserRow]]:
    """(total, one page) of all users in directory order."""
    if not await wait_until_applied(ports, timeout_s):
        raise NotYetConsistent
    collection = ports.models[COLLECTION]
    total = await collection.count_documents(_VISIBLE)
    if not limit or skip >= total:
        return total, []
    cursor = collection.find(_VISIBLE, sort=[("sort_key", 1)], skip=skip, limit=limit)
    return total, [_from_doc(doc) async for doc in cursor]


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
