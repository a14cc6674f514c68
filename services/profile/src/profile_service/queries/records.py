"""Strongly consistent reads of the write side, for clients that cannot wait (SCIM, export)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicekit.streams import EventStorePort

from profile_service.domain import employee
from profile_service.domain.employee import Employee
from profile_service.domain.follow import subject as follow_subject


@dataclass(frozen=True, slots=True)
class EmployeeRecord:
    """An employee's state with its version and first / last event times."""

    state: Employee
    version: int
    created: datetime | None
    modified: datetime | None


async def employee_record(store: EventStorePort, employee_id: str) -> EmployeeRecord:
    """Fold the employee's stream, keeping the times SCIM's ``meta`` needs."""
    recorded = await store.load(employee.subject(employee_id))
    state = employee.aggregate(employee_id).fold([r.event for r in recorded])
    if not recorded:
        return EmployeeRecord(state, 0, None, None)
    first, last = recorded[0].envelope, recorded[-1].envelope
    return EmployeeRecord(state, last.streamversion, first.time, last.time)


async def own_events(store: EventStorePort, employee_id: str) -> list[dict[str, Any]]:
    """The envelopes of the employee's stream and of the follows they made, in order."""
    recorded = [
        *await store.load(employee.subject(employee_id)),
        *await store.load_prefix(follow_subject(employee_id, "")),  # "follow:<id>/"
    ]
    recorded.sort(key=lambda r: r.position)
    return [r.envelope.model_dump(mode="json") for r in recorded]
