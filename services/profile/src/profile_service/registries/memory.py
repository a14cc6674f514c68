"""In-memory registries: fakes of the claims and acknowledged-writes ports, for fast tests.

They keep the MongoDB registries' rules (a name claimed by another employee is
taken; an entry keeps the highest version and every key since) and pass the
same contract tests; the stale-claim takeover after a crash is MongoDB's alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from profile_service.domain.employee import Employee
from profile_service.domain.errors import UserNameTaken
from profile_service.domain.fields import user_name_key
from profile_service.registries.acknowledged import keys_of

Doc = dict[str, Any]


class InMemoryClaims:
    """userName claims in a dict: folded name -> employee id."""

    def __init__(self) -> None:
        self.holders: dict[str, str] = {}

    async def setup(self) -> None:
        """Nothing to prepare."""

    async def claim(self, user_name: str, employee_id: str) -> bool:
        """Reserve ``user_name``; True when newly reserved, UserNameTaken when another's."""
        key = user_name_key(user_name)
        holder = self.holders.get(key)
        if holder is None:
            self.holders[key] = employee_id
            return True
        if holder != employee_id:
            raise UserNameTaken(user_name)
        return False

    async def claim_many(self, wanted: Sequence[tuple[str, str]]) -> list[bool | UserNameTaken]:
        """``claim`` for many (name, employee id) pairs; a taken name is its pair's answer."""
        outcomes: list[bool | UserNameTaken] = []
        for user_name, employee_id in wanted:
            try:
                outcomes.append(await self.claim(user_name, employee_id))
            except UserNameTaken as taken:
                outcomes.append(taken)
        return outcomes

    async def release(self, user_name: str, employee_id: str) -> None:
        """Give up ``user_name`` if ``employee_id`` holds the claim."""
        if self.holders.get(user_name_key(user_name)) == employee_id:
            del self.holders[user_name_key(user_name)]

    async def release_all(self, employee_id: str) -> None:
        """Give up every claim of ``employee_id``."""
        self.holders = {k: e for k, e in self.holders.items() if e != employee_id}

    async def of_employee(self, employee_id: str) -> Doc | None:
        """The claim an employee holds, if any."""
        found = [k for k, e in self.holders.items() if e == employee_id]
        return {"_id": found[0], "employee_id": employee_id} if found else None


class InMemoryAcknowledgements:
    """Acknowledged writes in a dict: employee id -> highest version and lookup keys."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[int, list[str]]] = {}

    async def setup(self) -> None:
        """Nothing to prepare."""

    async def record(self, state: Employee, version: int) -> None:
        """Note that ``state`` at ``version`` was written and is being acknowledged."""
        held, keys = self.entries.get(state.employee_id, (0, []))
        new = [] if state.erased else [*keys, *(k for k in keys_of(state) if k not in keys)]
        self.entries[state.employee_id] = (max(held, version), new)

    async def record_many(self, written: Sequence[tuple[Employee, int]]) -> None:
        """``record`` for many writes."""
        for state, version in written:
            await self.record(state, version)

    async def having_key(self, key: str) -> list[Doc]:
        """Entries of employees a recorded write gave ``key``."""
        return [{"_id": e, "v": v} for e, (v, keys) in sorted(self.entries.items()) if key in keys]

    async def after(self, employee_id: str, limit: int) -> list[Doc]:
        """Up to ``limit`` entries in id order, from the one after ``employee_id``."""
        later = sorted(e for e in self.entries if e > employee_id)[:limit]
        return [{"_id": e, "v": self.entries[e][0]} for e in later]

    async def forget(self, applied: Mapping[str, int]) -> None:
        """Drop the entries of writes applied up to these versions (newer ones stay)."""
        for employee_id, version in applied.items():
            entry = self.entries.get(employee_id)
            if entry is not None and entry[0] <= version:
                del self.entries[employee_id]
