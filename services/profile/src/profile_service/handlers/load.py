"""Loading an employee's state from the event store (strongly consistent)."""

from __future__ import annotations

from servicekit.commands import load_state
from servicekit.streams import EventStorePort

from profile_service.domain import employee
from profile_service.domain.employee import Employee


async def load_employee(store: EventStorePort, employee_id: str) -> tuple[Employee, int]:
    """The current state and version of an employee's stream."""
    return await load_state(store, employee.subject(employee_id), employee.aggregate(employee_id))
