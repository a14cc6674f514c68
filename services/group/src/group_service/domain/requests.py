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

from group_service.domain.access import ensure_manager
from group_service.domain.errors import (
    AlreadyMember,
    InvitationNotFound,
    JoinRequestNotFound,
    JoinRequestPending,
    RequestNotPending,
)
from group_service.domain.membership import MemberContext, joined, open_for_writes
from group_service.domain.model import NO_CHANGE, Decision, Status


def decide_invite(ctx: MemberContext) -> Decision:
    """Invite someone (idempotent while the invitation is open)."""
    open_for_writes(ctx)
    ensure_manager(ctx.actor)
    status = ctx.target.status
    if status is Status.MEMBER:
        raise AlreadyMember
    if status is Status.REQUESTED:
        raise JoinRequestPending
    if status is Status.INVITED:
        return NO_CHANGE
    return ctx.events(GroupMemberInvited(**ctx.ids(), invited_by=ctx.actor.employee_id))


def decide_accept(ctx: MemberContext) -> Decision:
    """Accept one's invitation; accepting again changes nothing."""
    open_for_writes(ctx)
    if ctx.target.is_member:
        return NO_CHANGE
    if ctx.target.status is not Status.INVITED:
        raise InvitationNotFound
    return joined(ctx, GroupInvitationAccepted(**ctx.ids()))


def decide_decline(ctx: MemberContext) -> Decision:
    """Decline one's invitation; declining again changes nothing."""
    if ctx.target.status is Status.DECLINED:
        return NO_CHANGE
    open_for_writes(ctx)
    if ctx.target.status is not Status.INVITED:
        raise InvitationNotFound
    return ctx.events(GroupInvitationDeclined(**ctx.ids()))


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


def decide_approve(ctx: MemberContext) -> Decision:
    """Approve a pending join request: the requester joins."""
    if not _pending_request(ctx, decided=(Status.MEMBER,)):
        return NO_CHANGE
    return joined(ctx, GroupJoinRequestApproved(**ctx.ids()))


def decide_reject(ctx: MemberContext) -> Decision:
    """Reject a pending join request."""
    if not _pending_request(ctx, decided=(Status.REJECTED,)):
        return NO_CHANGE
    return ctx.events(GroupJoinRequestRejected(**ctx.ids()))
