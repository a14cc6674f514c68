"""Domain errors: values at the domain edge, mapped once to problem+json by the API."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; ``detail`` is safe to show to the caller."""

    detail = "The command was refused."

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.detail = detail or self.detail


class GroupNotFound(DomainError):
    """No such group, deleted, or secret and the caller is not a member (never say which)."""

    detail = "Group not found."


class MemberNotFound(DomainError):
    """The target is not a member of the group."""

    detail = "That employee is not a member of this group."


class JoinRequestNotFound(DomainError):
    """No join request was ever filed by that employee."""

    detail = "No join request from that employee."


class InvitationNotFound(DomainError):
    """The caller holds no open invitation to this group."""

    detail = "No open invitation to this group."


class EmployeeNotFound(DomainError):
    """The employee does not exist (or was erased)."""

    detail = "Employee not found."


class NotAllowed(DomainError):
    """The caller's role does not permit this."""

    detail = "Your role in this group does not permit this."


class MembersOnly(DomainError):
    """The group's content is for its members only (private group)."""

    detail = "Only members can see this group's members."


class InvitationRequired(DomainError):
    """The group can only be joined by invitation."""

    detail = "This group can only be joined by invitation."


class GroupArchived(DomainError):
    """The group is archived, hence read-only."""

    detail = "The group is archived and read-only; unarchive it first."


class LastOwner(DomainError):
    """The change would leave the group without an active owner."""

    detail = "A group must keep at least one owner: make someone else owner first."


class RequestNotPending(DomainError):
    """The join request was already decided."""

    detail = "The join request is no longer pending."


class AlreadyMember(DomainError):
    """The employee is already a member."""

    detail = "That employee is already a member."


class JoinRequestPending(DomainError):
    """The employee asked to join: approve the request instead of inviting."""

    detail = "That employee has a pending join request: approve it instead."


class TooManyOwners(DomainError):
    """The group reached its maximum number of owners."""

    detail = "The group has the maximum number of owners."
