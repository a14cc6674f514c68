"""Decisions about join requests and invitations (the target's membership stream only)."""

from __future__ import annotations

from collections.abc import Sequence

from collab_events.group import (
    GroupInvitationAccepted,
    GroupInvitationDeclined,
    GroupJoinRequestApproved,
    GroupJoinRequestRejected,
    GroupMemberInvited,
)
from servicekit.commands import NO_CHANGE, Decision

from group_service.domain.access import ensure_manager
from group_service.domain.commands import (
    AcceptInvitation,
    ApproveRequest,
    DeclineInvitation,
    InviteMember,
    RejectRequest,
)
from group_service.domain.errors import (
    AlreadyMember,
    EmployeeNotFound,
    InvitationNotFound,
    JoinRequestNotFound,
    JoinRequestPending,
    RequestNotPending,
)
from group_service.domain.membership import (
    MemberContext,
    ids,
    joined,
    member_events,
    open_for_writes,
)
from group_service.domain.model import Status


def decide_invite(command: InviteMember, ctx: MemberContext) -> Decision:
    """Invite a known employee (idempotent while the invitation is open)."""
    decision = _invitation(command, ctx)
    if not ctx.target_known:  # after the group's own answers (404, 403, 409)
        raise EmployeeNotFound
    return decision


def _invitation(command: InviteMember, ctx: MemberContext) -> Decision:
    open_for_writes(ctx)
    ensure_manager(ctx.actor)
    status = ctx.target.status
    if status is Status.MEMBER:
        raise AlreadyMember
    if status is Status.REQUESTED:
        raise JoinRequestPending
    if status is Status.INVITED:
        return NO_CHANGE
    invited = GroupMemberInvited(**ids(command), invited_by=ctx.actor.employee_id)
    return member_events(command, invited)


def decide_accept(command: AcceptInvitation, ctx: MemberContext) -> Decision:
    """Accept one's invitation; accepting again changes nothing."""
    open_for_writes(ctx)
    if ctx.target.is_member:
        return NO_CHANGE
    if ctx.target.status is not Status.INVITED:
        raise InvitationNotFound
    return joined(command, GroupInvitationAccepted(**ids(command)))


def decide_decline(command: DeclineInvitation, ctx: MemberContext) -> Decision:
    """Decline one's invitation; declining again changes nothing."""
    if ctx.target.status is Status.DECLINED:
        return NO_CHANGE
    open_for_writes(ctx)
    if ctx.target.status is not Status.INVITED:
        raise InvitationNotFound
    return member_events(command, GroupInvitationDeclined(**ids(command)))


def _pending_request(ctx: MemberContext, decided: Sequence[Status]) -> bool:
    """True if the request is pending; False if already decided as ``decided``."""
    open_for_writes(ctx)
    ensure_manager(ctx.actor)
    status = ctx.target.status
    if status is Status.REQUESTED:
        return True
    if status in decided:
        return False
    if status is Status.NONE:
        raise JoinRequestNotFound
    raise RequestNotPending


def decide_approve(command: ApproveRequest, ctx: MemberContext) -> Decision:
    """Approve a pending join request: the requester joins."""
    if not _pending_request(ctx, decided=(Status.MEMBER,)):
        return NO_CHANGE
    return joined(command, GroupJoinRequestApproved(**ids(command)))


def decide_reject(command: RejectRequest, ctx: MemberContext) -> Decision:
    """Reject a pending join request."""
    if not _pending_request(ctx, decided=(Status.REJECTED,)):
        return NO_CHANGE
    return member_events(command, GroupJoinRequestRejected(**ids(command)))
