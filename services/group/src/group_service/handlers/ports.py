"""What command handlers need from the read side, as a protocol (faked in unit tests)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from collab_events import Event
from servicekit.auth import Principal

from group_service.domain.model import Actor, Decision, MembershipState
from group_service.handlers.streams import group_subject, member_subject

PLATFORM_ADMIN = "admin"


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
class Caller:
    """The authenticated employee issuing a command."""

    employee_id: str
    platform_admin: bool = False

    @classmethod
    def of(cls, principal: Principal) -> Caller:
        """The caller behind a verified token."""
        return cls(principal.sub, principal.has_role(PLATFORM_ADMIN))

    def actor(self, membership: MembershipState) -> Actor:
        """The caller as the domain sees them in one group."""
        return Actor(self.employee_id, self.platform_admin, membership)


def changes(group_id: str, decision: Decision) -> Mapping[str, Sequence[Event]]:
    """A decision as events per stream name."""
    out: dict[str, Sequence[Event]] = {group_subject(group_id): decision.group}
    for employee_id, events in decision.members.items():
        out[member_subject(group_id, employee_id)] = events
    return out
