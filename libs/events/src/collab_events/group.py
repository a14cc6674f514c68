"""Events of the group service (groups, membership, roles).

Streams: ``group:<g>`` holds a group's settings, lifecycle and its set of owners
(so the last-owner rule is enforced by that stream's version);
``group:<g>/member:<e>`` holds one person's relation to one group (request,
invitation, membership, role). Events name people by employee id only.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from collab_events.base import Event
from collab_events.registry import REGISTRY

EmployeeId = str
Visibility = Literal["public", "private", "secret"]
JoinPolicy = Literal["open", "request", "invite"]
Role = Literal["owner", "admin", "moderator", "member"]
Tag = Annotated[str, Field(min_length=1, max_length=40)]
_ID = Field(min_length=1, max_length=64)
MAX_OWNERS = 100
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class _GroupEvent(Event):
    service: ClassVar[str] = "group"
    group_id: str = _ID


class _MemberEvent(_GroupEvent):
    employee_id: EmployeeId = _ID


@REGISTRY.register
class GroupCreated(_GroupEvent):
    """A group was created; ``owner_id`` is its first owner (and first member)."""

    name: ClassVar[str] = "created"
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    language: str = Field(default="en", max_length=35, pattern=LANGUAGE_PATTERN)
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    visibility: Visibility = "public"
    join_policy: JoinPolicy = "open"
    owner_id: EmployeeId = _ID

    @classmethod
    def example(cls) -> GroupCreated:
        return cls(
            group_id="g-1",
            title="Platform Guild",
            description="All things platform",
            language="en",
            tags=["platform", "python"],
            visibility="public",
            join_policy="open",
            owner_id="e-1001",
        )


@REGISTRY.register
class GroupSettingsChanged(_GroupEvent):
    """Settings changed: only the changed fields are set, the others are null."""

    name: ClassVar[str] = "settings_changed"
    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    language: str | None = Field(default=None, max_length=35, pattern=LANGUAGE_PATTERN)
    tags: list[Tag] | None = Field(default=None, max_length=10)
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None

    @classmethod
    def example(cls) -> GroupSettingsChanged:
        return cls(group_id="g-1", visibility="private", join_policy="request")


@REGISTRY.register
class GroupArchived(_GroupEvent):
    """The group became read-only."""

    name: ClassVar[str] = "archived"

    @classmethod
    def example(cls) -> GroupArchived:
        return cls(group_id="g-1")


@REGISTRY.register
class GroupUnarchived(_GroupEvent):
    """An archived group is writable again."""

    name: ClassVar[str] = "unarchived"

    @classmethod
    def example(cls) -> GroupUnarchived:
        return cls(group_id="g-1")


@REGISTRY.register
class GroupDeleted(_GroupEvent):
    """The group was deleted; it and its memberships are gone for everyone."""

    name: ClassVar[str] = "deleted"

    @classmethod
    def example(cls) -> GroupDeleted:
        return cls(group_id="g-1")


@REGISTRY.register
class GroupOwnersChanged(_GroupEvent):
    """The set of owners changed; ``owners`` is the complete new set."""

    name: ClassVar[str] = "owners_changed"
    owners: list[EmployeeId] = Field(max_length=MAX_OWNERS)

    @classmethod
    def example(cls) -> GroupOwnersChanged:
        return cls(group_id="g-1", owners=["e-1001", "e-1002"])


@REGISTRY.register
class GroupOwnerNeeded(_GroupEvent):
    """The group's last active owner went away and no admin could take over."""

    name: ClassVar[str] = "owner_needed"
    former_owner_id: EmployeeId = _ID
    reason: Literal["deactivated", "erased"]

    @classmethod
    def example(cls) -> GroupOwnerNeeded:
        return cls(group_id="g-1", former_owner_id="e-1001", reason="deactivated")


@REGISTRY.register
class GroupJoinRequested(_MemberEvent):
    """An employee asked to join a group whose policy is ``request``."""

    name: ClassVar[str] = "join_requested"

    @classmethod
    def example(cls) -> GroupJoinRequested:
        return cls(group_id="g-1", employee_id="e-1002")


@REGISTRY.register
class GroupJoinRequestApproved(_MemberEvent):
    """An admin approved a join request (a GroupMemberJoined follows)."""

    name: ClassVar[str] = "join_request_approved"

    @classmethod
    def example(cls) -> GroupJoinRequestApproved:
        return cls(group_id="g-1", employee_id="e-1002")


@REGISTRY.register
class GroupJoinRequestRejected(_MemberEvent):
    """A join request was rejected (by an admin, or because the requester was erased)."""

    name: ClassVar[str] = "join_request_rejected"

    @classmethod
    def example(cls) -> GroupJoinRequestRejected:
        return cls(group_id="g-1", employee_id="e-1002")


@REGISTRY.register
class GroupMemberInvited(_MemberEvent):
    """An admin invited an employee."""

    name: ClassVar[str] = "member_invited"
    invited_by: EmployeeId = _ID

    @classmethod
    def example(cls) -> GroupMemberInvited:
        return cls(group_id="g-1", employee_id="e-1003", invited_by="e-1001")


@REGISTRY.register
class GroupInvitationAccepted(_MemberEvent):
    """The invitee accepted (a GroupMemberJoined follows)."""

    name: ClassVar[str] = "invitation_accepted"

    @classmethod
    def example(cls) -> GroupInvitationAccepted:
        return cls(group_id="g-1", employee_id="e-1003")


@REGISTRY.register
class GroupInvitationDeclined(_MemberEvent):
    """The invitee declined (or was erased before answering)."""

    name: ClassVar[str] = "invitation_declined"

    @classmethod
    def example(cls) -> GroupInvitationDeclined:
        return cls(group_id="g-1", employee_id="e-1003")


@REGISTRY.register
class GroupMemberJoined(_MemberEvent):
    """The employee is now a member with ``role``."""

    name: ClassVar[str] = "member_joined"
    role: Role = "member"

    @classmethod
    def example(cls) -> GroupMemberJoined:
        return cls(group_id="g-1", employee_id="e-1002", role="member")


@REGISTRY.register
class GroupMemberLeft(_MemberEvent):
    """The member left the group of their own accord."""

    name: ClassVar[str] = "member_left"

    @classmethod
    def example(cls) -> GroupMemberLeft:
        return cls(group_id="g-1", employee_id="e-1002")


@REGISTRY.register
class GroupMemberRemoved(_MemberEvent):
    """The member was removed by someone with the right to, or because they were erased."""

    name: ClassVar[str] = "member_removed"
    reason: Literal["removed", "erased"] = "removed"

    @classmethod
    def example(cls) -> GroupMemberRemoved:
        return cls(group_id="g-1", employee_id="e-1002", reason="removed")


@REGISTRY.register
class GroupMemberRoleChanged(_MemberEvent):
    """A member's role changed from ``previous_role`` to ``role``."""

    name: ClassVar[str] = "member_role_changed"
    role: Role
    previous_role: Role

    @classmethod
    def example(cls) -> GroupMemberRoleChanged:
        return cls(group_id="g-1", employee_id="e-1002", role="admin", previous_role="member")
