"""The userName claim around an employee command's append (see ``registries.claims``).

The new name is claimed before the append (a name another active employee
holds refuses the command), released again when the append does not happen,
and the name the employee stopped holding is released after it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.commands import Decision

from profile_service.domain.employee import Employee, decided
from profile_service.domain.fields import user_name_key
from profile_service.ports import Claims


@dataclass(slots=True)
class UserNameClaim:
    """Append hook of one command run (it remembers what it claimed, so never share one)."""

    claims: Claims
    claimed: str | None = None

    async def before(self, state: Employee, decision: Decision) -> None:
        """Claim the name the employee is about to hold; UserNameTaken refuses the command."""
        wanted, held = _names(state, decision)
        if wanted is None or user_name_key(wanted) == user_name_key(held or ""):
            return
        # False: the employee held the claim already (it is not ours to release then).
        if await self.claims.claim(wanted, state.employee_id):
            self.claimed = wanted

    async def failed(self, state: Employee, decision: Decision) -> None:
        """The append did not happen: give back what ``before`` claimed."""
        if self.claimed is not None:
            await self.claims.release(self.claimed, state.employee_id)
            self.claimed = None

    async def after(self, state: Employee, decision: Decision) -> None:
        """The append happened: release the name the employee no longer holds."""
        self.claimed = None
        wanted, held = _names(state, decision)
        if held is not None and user_name_key(held) != user_name_key(wanted or ""):
            await self.claims.release(held, state.employee_id)


def _names(state: Employee, decision: Decision) -> tuple[str | None, str | None]:
    """(the name held after the decision, the name held before), among active employees."""
    return decided(state, decision).active_user_name, state.active_user_name
