"""Cross-stream manager checks, against the event store (strongly consistent)."""

from __future__ import annotations

from servicekit.eventstore import EventStore

from profile_service.domain.employee import Employee
from profile_service.domain.errors import ManagerNotFound
from profile_service.domain.orgchart import MAX_CHAIN_DEPTH, check_manager
from profile_service.handlers.ports import load_employee


async def check_manager_change(store: EventStore, before: Employee, after: Employee) -> None:
    """Refuse a new manager who does not exist or whose chain contains the employee.

    Two concurrent manager changes can still close a loop between them; readers
    of the chain therefore stop at a repeated id (see the chain endpoint).
    """
    manager_id = after.manager_id
    if manager_id is None or manager_id == before.manager_id:
        return
    # A new employee cannot be in anyone's chain yet: only the manager must exist.
    chain = await chain_above(store, manager_id, walk=before.registered)
    check_manager(after.employee_id, manager_id, chain)


async def chain_above(store: EventStore, manager_id: str, *, walk: bool = True) -> list[str]:
    """The manager's own managers, bottom-up; ManagerNotFound if the manager does not exist."""
    manager, _ = await load_employee(store, manager_id)
    if not manager.exists:
        raise ManagerNotFound(manager_id)
    chain: list[str] = []
    current = manager.manager_id
    while walk and current and current not in chain and len(chain) < MAX_CHAIN_DEPTH:
        chain.append(current)
        state, _ = await load_employee(store, current)
        current = state.manager_id
    return chain
