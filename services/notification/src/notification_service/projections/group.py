"""Group events -> join requests (to the group's admins), answers, invitations."""

from __future__ import annotations

from collab_events.group import (
    GroupJoinRequestApproved,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
)
from collab_replicas import Collections
from servicekit.projection import EventContext, ReadModels

from notification_service.domain.notices import Notice, Target
from notification_service.projections.causes import cause_of, live_replicas
from notification_service.projections.inbox import INBOX, deliver

ADMIN_ROLES = ["owner", "admin"]


def group_target(group_id: str) -> Target:
    """A notice about a group."""
    return Target(kind="group", id=group_id, link=f"/groups/{group_id}", group_id=group_id)


async def group_admins(ctx: EventContext, group_id: str) -> list[str]:
    """The group's owners and active admins, from the replicas."""
    facts = await live_replicas(ctx).groups.group(group_id)
    owners = list(facts.owners) if facts is not None else []
    # The group's active members by the replicas' index; the role is checked here (with it in
    # the query SecantusDB would scan every membership).
    query = {"group_id": group_id, "status": "member", "active": True}
    memberships = ReadModels(ctx.models.db)[Collections().memberships]
    found = memberships.find(query, {"employee_id": 1, "role": 1})
    admins = [doc["employee_id"] async for doc in found if doc.get("role") in ADMIN_ROLES]
    return list(dict.fromkeys([*owners, *admins]))


@INBOX.on(GroupJoinRequested)
async def notify_admins_of_request(event: GroupJoinRequested, ctx: EventContext) -> None:
    """Every admin of the group, grouped per group."""
    cause = cause_of(ctx, event.employee_id)
    admins = await group_admins(ctx, event.group_id)
    target = group_target(event.group_id)
    await deliver(ctx, [Notice(a, "join_request", target, cause, ctx.envelope.id) for a in admins])


async def _tell_requester(ctx: EventContext, employee_id: str, group_id: str, type_: str) -> None:
    cause = cause_of(ctx, ctx.envelope.actorid)
    notice = Notice(employee_id, type_, group_target(group_id), cause, ctx.envelope.id)  # type: ignore[arg-type]
    await deliver(ctx, [notice])


@INBOX.on(GroupJoinRequestApproved)
async def notify_approved(event: GroupJoinRequestApproved, ctx: EventContext) -> None:
    """The requester learns they are in."""
    await _tell_requester(ctx, event.employee_id, event.group_id, "join_approved")


@INBOX.on(GroupJoinRequestRejected)
async def notify_rejected(event: GroupJoinRequestRejected, ctx: EventContext) -> None:
    """The requester learns the answer (not when the rejection is their own erasure)."""
    if ctx.envelope.actorid is not None:
        await _tell_requester(ctx, event.employee_id, event.group_id, "join_rejected")


@INBOX.on(GroupMemberInvited)
async def notify_invitee(event: GroupMemberInvited, ctx: EventContext) -> None:
    """The invited person, named by who invited them."""
    cause = cause_of(ctx, event.invited_by)
    target = group_target(event.group_id)
    await deliver(ctx, [Notice(event.employee_id, "invitation", target, cause, ctx.envelope.id)])
