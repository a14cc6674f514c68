"""Management-chain rules (pure): a manager chain may not loop."""

from __future__ import annotations

from collections.abc import Sequence

from profile_service.domain.errors import ManagerCycle

MAX_CHAIN_DEPTH = 64  # deeper than any real organisation; a longer walk is treated as a loop


def check_manager(employee_id: str, manager_id: str, chain_above_manager: Sequence[str]) -> None:
    """Refuse ``manager_id`` for ``employee_id`` if the employee is in the manager's chain.

    ``chain_above_manager`` lists the manager's manager, their manager, ... to the
    top (at most ``MAX_CHAIN_DEPTH`` entries; a full-length chain counts as a loop).
    """
    if manager_id == employee_id or employee_id in chain_above_manager:
        raise ManagerCycle(employee_id, manager_id)
    if len(chain_above_manager) >= MAX_CHAIN_DEPTH:
        raise ManagerCycle(employee_id, manager_id)
