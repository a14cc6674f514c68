"""Domain state of a group stream and of a membership stream, and who acts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from collab_events.group import JoinPolicy, Role, Visibility

__all__ = [
    "ROLE_RANK",
    "Actor",
    "Caller",
    "GroupState",
    "JoinPolicy",
    "MembershipState",
    "Role",
    "Status",
    "Visibility",
]

# Lower rank = more rights; also the order of member lists.
ROLE_RANK: dict[Role, int] = {"owner": 0, "admin": 1, "moderator": 2, "member": 3}


class Status(StrEnum):
    """Where one person stands with one group."""

    NONE = "none"
    REQUESTED = "requested"
    INVITED = "invited"
    MEMBER = "member"
    REJECTED = "rejected"
    DECLINED = "declined"
    LEFT = "left"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class GroupState:
    """A group as its own stream knows it."""

    exists: bool = False
    deleted: bool = False
    archived: bool = False
    title: str = ""
    description: str = ""
    language: str = "en"
    tags: tuple[str, ...] = ()
    visibility: Visibility = "public"
    join_policy: JoinPolicy = "open"
    owners: frozenset[str] = frozenset()
    needs_owner: bool = False

    @property
    def live(self) -> bool:
        """Created and not deleted."""
        return self.exists and not self.deleted


@dataclass(frozen=True, slots=True)
class MembershipState:
    """One person's relation to one group."""

    status: Status = Status.NONE
    role: Role | None = None

    @property
    def is_member(self) -> bool:
        """True while the person is a member."""
        return self.status is Status.MEMBER


@dataclass(frozen=True, slots=True)
class Actor:
    """Who issues a command: their id, platform admin flag and relation to the group."""

    employee_id: str
    platform_admin: bool = False
    membership: MembershipState = field(default_factory=MembershipState)

    @property
    def role(self) -> Role | None:
        """The actor's role in the group, when a member."""
        return self.membership.role if self.membership.is_member else None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sends a command or a query: an employee id and the platform admin flag.

    The one identity type of the service: the API builds it from the verified token,
    commands carry it, queries check visibility with it.
    """

    employee_id: str
    platform_admin: bool = False

    def actor(self, membership: MembershipState) -> Actor:
        """The caller as the domain sees them in one group."""
        return Actor(self.employee_id, self.platform_admin, membership)
