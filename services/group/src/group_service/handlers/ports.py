"""What command handlers and policies need, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from servicekit.streams import EventStorePort


class Directory(Protocol):
    """Facts about employees and memberships from this service's read models."""

    async def inactive(self, employee_ids: Iterable[str]) -> frozenset[str]:
        """The deactivated ones among ``employee_ids``."""
        ...

    async def known(self, employee_id: str) -> bool:
        """True when profile events registered the employee and did not erase them."""
        ...

    async def admins_by_seniority(self, group_id: str) -> list[str]:
        """Active admins of a group, longest-standing first."""
        ...


@dataclass(frozen=True, slots=True)
class Ports:
    """The event store (the source of truth) and the read side's directory."""

    store: EventStorePort
    directory: Directory
