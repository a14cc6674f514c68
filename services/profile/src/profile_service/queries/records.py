"""Strongly consistent reads of the write side, for clients that cannot wait (SCIM, export)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.eventstore import EventStore

from profile_service.domain.employee import Employee, evolve, subject
from profile_service.domain.follow import subject as follow_subject


@dataclass(frozen=True, slots=True)
class EmployeeRecord:
    """An employee's state with its version and first / last event times."""

    state: Employee
    version: int
    created: datetime | None
    modified: datetime | None


async def employee_record(store: EventStore, employee_id: str) -> EmployeeRecord:
    """Fold the employee's stream, keeping the times SCIM's ``meta`` needs."""
    state, version = Employee(employee_id), 0
    created = modified = None
    for recorded in await store.load(subject(employee_id)):
        state = evolve(state, recorded.event)
        version, modified = recorded.envelope.streamversion, recorded.envelope.time
        created = created or modified
    return EmployeeRecord(state, version, created, modified)


async def own_events(store: EventStore, employee_id: str) -> list[dict[str, Any]]:
    """The envelopes of the employee's stream and of the follows they made, in order."""
    prefix = follow_subject(employee_id, "")  # "follow:<id>/": a range on the subject index
    docs: list[dict[str, Any]] = []
    # Two indexed lookups rather than one $or, which some servers answer with a full scan.
    for where in (
        {"subject": subject(employee_id)},
        {"subject": {"$gte": prefix, "$lt": prefix[:-1] + "0"}},
    ):
        docs += [doc async for doc in store.events.find(where)]
    docs.sort(key=lambda doc: doc["position"])
    return [store.recorded(doc).envelope.model_dump(mode="json") for doc in docs]
