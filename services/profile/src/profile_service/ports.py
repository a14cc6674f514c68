"""What command handlers and queries need, built once by the composition root (``app``).

The registries are ports of their own, so the command path runs in unit tests
on fakes (servicekit's ``InMemoryEventStore`` and in-memory registries).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pymongo.asynchronous.database import AsyncDatabase
from servicekit.commands import load_state
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort

from profile_service.domain import employee
from profile_service.domain.employee import Employee
from profile_service.domain.errors import UserNameTaken
from profile_service.domain.fields import user_name_key
from profile_service.registries.acknowledged import AcknowledgedWrites
from profile_service.registries.claims import CLAIM_GRACE_S, UserNameClaims

Doc = dict[str, Any]


class Claims(Protocol):
    """userName reservations among active employees (``registries.claims``)."""

    async def setup(self) -> None:
        """Prepare storage."""

    async def claim(self, user_name: str, employee_id: str) -> bool:
        """Reserve; True when newly reserved, False when already the employee's; UserNameTaken."""

    async def claim_many(self, wanted: Sequence[tuple[str, str]]) -> list[bool | UserNameTaken]:
        """``claim`` for many (name, employee id) pairs at once; UserNameTaken as an answer."""

    async def release(self, user_name: str, employee_id: str) -> None:
        """Give up ``user_name`` if ``employee_id`` holds the claim."""

    async def release_all(self, employee_id: str) -> None:
        """Give up every claim of ``employee_id``."""

    async def of_employee(self, employee_id: str) -> Doc | None:
        """The claim an employee holds, if any."""


class Acknowledgements(Protocol):
    """Acknowledged writes the directory may lack (``registries.acknowledged``)."""

    async def setup(self) -> None:
        """Prepare storage."""

    async def record(self, state: Employee, version: int) -> None:
        """Note that ``state`` at ``version`` was written and is being acknowledged."""

    async def record_many(self, written: Sequence[tuple[Employee, int]]) -> None:
        """``record`` for many writes at once."""

    async def having_key(self, key: str) -> list[Doc]:
        """Entries of employees a recorded write gave ``key``."""

    async def after(self, employee_id: str, limit: int) -> list[Doc]:
        """Up to ``limit`` entries in id order, from the one after ``employee_id``."""

    async def forget(self, applied: Mapping[str, int]) -> None:
        """Drop the entries of writes applied up to these versions."""


@dataclass(frozen=True, slots=True)
class Ports:
    """The event store, the read models, the userName claims, the acknowledged writes."""

    store: EventStorePort
    models: ReadModels
    claims: Claims
    acknowledged: Acknowledgements


def build_ports(store: EventStorePort, models: ReadModels, db: AsyncDatabase[Doc]) -> Ports:
    """The MongoDB registries (the claims ask the event store who holds a name)."""

    async def holds(employee_id: str, key: str) -> bool:
        subject, fold = employee.subject(employee_id), employee.aggregate(employee_id)
        state, _ = await load_state(store, subject, fold)
        name = state.active_user_name
        return name is not None and user_name_key(name) == key

    claims = UserNameClaims(db, holds, CLAIM_GRACE_S)
    return Ports(store, models, claims, AcknowledgedWrites(db))
