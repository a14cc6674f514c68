"""Commands (imperative), one frozen dataclass per use case; each names who sends it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from group_service.domain.model import Caller, JoinPolicy, Role, Visibility

Reason = Literal["deactivated", "erased"]


class GroupCommand(Protocol):
    """A command about one group, sent by ``caller``."""

    @property
    def group_id(self) -> str: ...

    @property
    def caller(self) -> Caller: ...


class MemberCommand(GroupCommand, Protocol):
    """A command about one person's membership (``employee_id``) of one group."""

    @property
    def employee_id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class CreateGroup:
    """Create a group owned by its creator (the caller)."""

    group_id: str
    caller: Caller
    title: str
    description: str = ""
    language: str = "en"
    tags: tuple[str, ...] = ()
    visibility: Visibility = "public"
    join_policy: JoinPolicy = "open"


@dataclass(frozen=True, slots=True)
class ChangeSettings:
    """Change some settings; None means unchanged."""

    group_id: str
    caller: Caller
    title: str | None = None
    description: str | None = None
    language: str | None = None
    tags: tuple[str, ...] | None = None
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None


@dataclass(frozen=True, slots=True)
class OnGroup:
    """The shape of a command naming only the group."""

    group_id: str
    caller: Caller


@dataclass(frozen=True, slots=True)
class ArchiveGroup(OnGroup):
    """Make the group read-only."""


@dataclass(frozen=True, slots=True)
class UnarchiveGroup(OnGroup):
    """Make the group writable again."""


@dataclass(frozen=True, slots=True)
class DeleteGroup(OnGroup):
    """Delete the group."""


@dataclass(frozen=True, slots=True)
class OwnMembership:
    """The shape of a command about the caller's own membership."""

    group_id: str
    caller: Caller

    @property
    def employee_id(self) -> str:
        """The caller acts on their own membership."""
        return self.caller.employee_id


@dataclass(frozen=True, slots=True)
class JoinGroup(OwnMembership):
    """Join, accept a pending invitation or file a join request, as the group's policy says."""


@dataclass(frozen=True, slots=True)
class LeaveGroup(OwnMembership):
    """Leave the group."""


@dataclass(frozen=True, slots=True)
class AcceptInvitation(OwnMembership):
    """Accept one's invitation: join."""


@dataclass(frozen=True, slots=True)
class DeclineInvitation(OwnMembership):
    """Decline one's invitation."""


@dataclass(frozen=True, slots=True)
class OnMember:
    """The shape of a command about someone's membership."""

    group_id: str
    employee_id: str
    caller: Caller


@dataclass(frozen=True, slots=True)
class RemoveMember(OnMember):
    """Remove someone else from the group."""


@dataclass(frozen=True, slots=True)
class InviteMember(OnMember):
    """Invite an employee known from profile events."""


@dataclass(frozen=True, slots=True)
class ApproveRequest(OnMember):
    """Approve a pending join request: the requester joins."""


@dataclass(frozen=True, slots=True)
class RejectRequest(OnMember):
    """Reject a pending join request."""


@dataclass(frozen=True, slots=True)
class ChangeRole:
    """Give a member another role."""

    group_id: str
    employee_id: str
    caller: Caller
    role: Role


@dataclass(frozen=True, slots=True)
class KeepOwnedAfterDeactivation:
    """The system's reaction to a deactivation: keep the group with an active owner."""

    group_id: str
    employee_id: str
    reason: ClassVar[Reason] = "deactivated"


@dataclass(frozen=True, slots=True)
class EndRelationsOfErased:
    """The system's reaction to an erasure: end every relation, keep an active owner."""

    group_id: str
    employee_id: str
    reason: ClassVar[Reason] = "erased"
