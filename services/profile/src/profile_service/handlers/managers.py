"""The manager check before an employee command's append, against the event store."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.commands import Decision
from servicekit.streams import EventStorePort

from profile_service.domain.employee import Employee, decided
from profile_service.domain.errors import ManagerNotFound
from profile_service.domain.orgchart import MAX_CHAIN_DEPTH, check_manager
from profile_service.handlers.load import load_employee


@dataclass(frozen=True, slots=True)
class ManagerCheck:
    """Append hook: refuse a new manager who does not exist or whose chain holds the employee.

    Two concurrent manager changes can still close a loop between them; readers
    of the chain therefore stop at a repeated id (see the chain endpoint).
    """

    store: EventStorePort

    async def before(self, state: Employee, decision: Decision) -> None:
        """Refuse with ManagerNotFound or ManagerCycle."""
        manager_id = decided(state, decision).manager_id
        if manager_id is None or manager_id == state.manager_id:
            return
        # A new employee cannot be in anyone's chain yet: only the manager must exist.
        chain = await chain_above(self.store, manager_id, walk=state.registered)
        check_manager(state.employee_id, manager_id, chain)

    async def failed(self, state: Employee, decision: Decision) -> None:
        """Nothing to undo: the check wrote nothing."""

    async def after(self, state: Employee, decision: Decision) -> None:
        """Nothing to finish."""


async def chain_above(store: EventStorePort, manager_id: str, *, walk: bool = True) -> list[str]:
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
