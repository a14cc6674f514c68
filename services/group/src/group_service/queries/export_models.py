"""What ``GET /v1/me/export`` answers: the caller's own records in the group service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from group_service.domain.model import JoinPolicy, Role, Visibility

_TITLE = "The group's name; null where the caller may no longer see the group (deleted, or "
_TITLE += "secret and the caller is neither in it nor invited)."


class GroupFacts(BaseModel):
    """The group as the caller may see it (every field null where they may not)."""

    group_id: str = Field(description="The group's id.")
    title: str | None = Field(description=_TITLE)
    visibility: Visibility | None = Field(description="public, private or secret (if visible).")
    join_policy: JoinPolicy | None = Field(description="open, request or invite (if visible).")
    archived: bool | None = Field(description="The group is read-only (if visible).")


class MyMembership(GroupFacts):
    """A group the caller is a member of, archived and secret ones included."""

    role: Role | None = Field(description="My role: owner, admin, moderator or member.")
    since: datetime | None = Field(description="Member since (ISO 8601).")
    active: bool = Field(description="False while my profile is deactivated (hidden, uncounted).")


class MyJoinRequest(GroupFacts):
    """A join request of the caller that no one has decided yet."""

    requested_at: datetime | None = Field(description="When I asked to join (ISO 8601).")


class InvitationToMe(GroupFacts):
    """An invitation to the caller that they have not answered yet."""

    invited_by: str | None = Field(description="The employee id of who invited me.")
    invited_at: datetime | None = Field(description="When I was invited (ISO 8601).")


class InvitationByMe(GroupFacts):
    """An invitation the caller sent that its invitee has not answered yet.

    Listed while the caller may see the group's open invitations (an owner or admin of it),
    as ``GET /v1/groups/{id}/invitations`` shows them.
    """

    invitee_id: str = Field(description="The employee id of whom I invited.")
    invited_at: datetime | None = Field(description="When I invited them (ISO 8601).")


class EndedRelation(GroupFacts):
    """A former relation of the caller to a group: left, removed, rejected or declined."""

    status: Literal["left", "removed", "rejected", "declined"] = Field(
        description="left, removed, rejected (my request) or declined (by me)."
    )
    since: datetime | None = Field(description="When I last joined, if I was a member (ISO 8601).")
    requested_at: datetime | None = Field(description="When I last asked to join (ISO 8601).")
    invited_at: datetime | None = Field(description="When I was last invited (ISO 8601).")


class CreatedOrOwnedGroup(GroupFacts):
    """A group the caller created or owns now."""

    created_at: datetime | None = Field(description="When the group was created (if visible).")
    created_by_me: bool = Field(description="I created the group.")
    owner: bool = Field(description="I am one of its owners now.")


class GroupExport(BaseModel):
    """Everything the group service holds about the caller (GDPR Art. 15/20).

    Never other members or lists of a group: only the caller's own relations, and of a
    group only what the caller may see of it.
    """

    employee_id: str = Field(description="The caller (the token's subject).")
    exported_at: datetime = Field(description="When this document was put together (UTC).")
    memberships: list[MyMembership] = Field(description="My groups, ordered by group id.")
    join_requests: list[MyJoinRequest] = Field(description="My pending join requests.")
    invitations_received: list[InvitationToMe] = Field(description="Open invitations to me.")
    invitations_sent: list[InvitationByMe] = Field(
        description="Open invitations I sent, of groups whose invitations I may see (owner, admin)."
    )
    ended_relations: list[EndedRelation] = Field(
        description="Groups I left or was removed from, requests rejected, invitations declined."
    )
    groups_created_or_owned: list[CreatedOrOwnedGroup] = Field(
        description="Groups I created (from the event store) or own now."
    )
