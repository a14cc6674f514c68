"""Read model ``memberships``: one document per membership stream (requests, invitations,
members with role), joined with the ``people`` replica for active flags and names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.group import (
    GroupInvitationDeclined,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
)
from collab_replicas import PersonStatus, follow_status
from servicekit.guarded import upsert_if_newer_returning
from servicekit.projection import EventContext

from group_service.domain.model import Role, Status
from group_service.projections.counts import recount
from group_service.projections.keys import bucket_of, sort_key
from group_service.projections.members import MEMBERS_PROJECTION
from group_service.projections.names import MEMBERSHIPS, PEOPLE

Doc = dict[str, Any]


def membership_fields(group_id: str, employee_id: str, status: Status, role: Role | None) -> Doc:
    """The fields every membership write sets."""
    return {
        "group_id": group_id,
        "employee_id": employee_id,
        "status": status.value,
        "role": role,
        "bucket": bucket_of(employee_id),
        "sort_key": sort_key(role, employee_id),
    }


async def record_membership(
    ctx: EventContext,
    group_id: str,
    employee_id: str,
    status: Status,
    role: Role | None,
    extra: Doc | None = None,
) -> None:
    """Write one membership version, make its active flag follow the person, recount.

    The person is read after the write (``follow_status``): a deactivation processed
    concurrently either sees this membership (and fixes it) or is seen here; an erasure,
    also one applied before this event, deletes the membership.
    """
    memberships, key = ctx.models[MEMBERSHIPS], ctx.envelope.subject
    fields = {**membership_fields(group_id, employee_id, status, role), **(extra or {})}
    written, before = await upsert_if_newer_returning(
        memberships, key, ctx.version, fields, on_insert={"active": True}
    )
    flag = (before or {}).get("active", True) if written else None
    person = await _follow_person(ctx, key, employee_id, flag)
    counted_now = status is Status.MEMBER and person.active
    if not person.erased and written and _counted(before) == counted_now:
        return  # the count cannot have changed
    await recount(ctx.models, group_id, bucket_of(employee_id))


async def _follow_person(
    ctx: EventContext, key: str, employee_id: str, flag: bool | None
) -> PersonStatus:
    """Make one membership's active flag follow the person; delete it when they are erased.

    ``flag`` is what the flag is known to hold right after our write (None: unknown), so
    the first application skips a write that would change nothing.
    """
    memberships = ctx.models[MEMBERSHIPS]

    async def apply(person: PersonStatus) -> None:
        nonlocal flag
        if person.erased:
            await memberships.delete_one({"_id": key})  # erased people keep no membership
        elif flag != person.active:
            await memberships.update_one(
                {"_id": key, "active": {"$ne": person.active}}, {"$set": {"active": person.active}}
            )
        flag = None  # applied again after a status change: always write

    return await follow_status(ctx.models[PEOPLE], employee_id, apply)


def _counted(doc: Doc | None) -> bool:
    return doc is not None and doc.get("status") == "member" and doc.get("active", True)


@MEMBERS_PROJECTION.on(GroupJoinRequested)
async def add_join_request(event: GroupJoinRequested, ctx: EventContext) -> None:
    """A pending join request."""
    await record_membership(
        ctx,
        event.group_id,
        event.employee_id,
        Status.REQUESTED,
        None,
        {"requested_at": _time(ctx)},
    )


@MEMBERS_PROJECTION.on(GroupJoinRequestRejected)
async def close_rejected_request(event: GroupJoinRequestRejected, ctx: EventContext) -> None:
    """The request was rejected."""
    await record_membership(ctx, event.group_id, event.employee_id, Status.REJECTED, None)


@MEMBERS_PROJECTION.on(GroupMemberInvited)
async def add_invitation(event: GroupMemberInvited, ctx: EventContext) -> None:
    """An open invitation, with who sent it."""
    await record_membership(
        ctx,
        event.group_id,
        event.employee_id,
        Status.INVITED,
        None,
        {"invited_at": _time(ctx), "invited_by": event.invited_by},
    )


@MEMBERS_PROJECTION.on(GroupInvitationDeclined)
async def close_declined_invitation(event: GroupInvitationDeclined, ctx: EventContext) -> None:
    """The invitation was declined."""
    await record_membership(ctx, event.group_id, event.employee_id, Status.DECLINED, None)


@MEMBERS_PROJECTION.on(GroupMemberJoined)
async def add_member(event: GroupMemberJoined, ctx: EventContext) -> None:
    """A member with their role and since when."""
    await record_membership(
        ctx, event.group_id, event.employee_id, Status.MEMBER, event.role, {"since": _time(ctx)}
    )


@MEMBERS_PROJECTION.on(GroupMemberRoleChanged)
async def change_member_role(event: GroupMemberRoleChanged, ctx: EventContext) -> None:
    """The member's new role (and place in the member list)."""
    await record_membership(ctx, event.group_id, event.employee_id, Status.MEMBER, event.role)


@MEMBERS_PROJECTION.on(GroupMemberLeft)
async def drop_departed_member(event: GroupMemberLeft, ctx: EventContext) -> None:
    """The member left."""
    await record_membership(ctx, event.group_id, event.employee_id, Status.LEFT, None)


@MEMBERS_PROJECTION.on(GroupMemberRemoved)
async def drop_removed_member(event: GroupMemberRemoved, ctx: EventContext) -> None:
    """The member was removed."""
    await record_membership(ctx, event.group_id, event.employee_id, Status.REMOVED, None)


def _time(ctx: EventContext) -> datetime:
    return ctx.envelope.time
