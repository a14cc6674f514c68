"""Profile events -> new followers; e-mail addresses for the mailer."""

from __future__ import annotations

from collab_events.profile import (
    EmployeeErased,
    EmployeeFollowed,
    EmployeeProfileUpdated,
    EmployeeRegistered,
)
from servicekit.projection import EventContext

from notification_service.domain.notices import Notice, Target
from notification_service.projections.causes import cause_of
from notification_service.projections.inbox import INBOX, deliver
from notification_service.projections.names import ADDRESSES


@INBOX.on(EmployeeFollowed)
async def notify_followee(event: EmployeeFollowed, ctx: EventContext) -> None:
    """The person followed, grouped ("Anna Müller and 2 others started following you")."""
    target = Target(kind="employee", id=event.followee_id, link=f"/people/{event.follower_id}")
    notice = Notice(
        event.followee_id, "new_follower", target, cause_of(ctx, event.follower_id), ctx.envelope.id
    )
    await deliver(ctx, [notice])


@INBOX.on(EmployeeRegistered, batched=True)
async def record_address(event: EmployeeRegistered, ctx: EventContext) -> None:
    """Where a person's mail goes (the SCIM e-mail, else a userName that is one)."""
    address = event.profile.email or _mailbox(event.profile.user_name)
    if address:
        ctx.writes.upsert_if_newer(
            ctx.models[ADDRESSES], event.employee_id, ctx.version, {"email": address}
        )


@INBOX.on(EmployeeProfileUpdated, batched=True)
async def change_address(event: EmployeeProfileUpdated, ctx: EventContext) -> None:
    """A changed e-mail address."""
    if event.changes.email:
        ctx.writes.upsert_if_newer(
            ctx.models[ADDRESSES], event.employee_id, ctx.version, {"email": event.changes.email}
        )


@INBOX.on(EmployeeErased, batched=True)
async def forget_address(event: EmployeeErased, ctx: EventContext) -> None:
    """An erased person's address is deleted (their notifications: see replicas)."""
    ctx.writes.delete_if_older(ctx.models[ADDRESSES], event.employee_id, ctx.version)


def _mailbox(user_name: str | None) -> str | None:
    return user_name if user_name and "@" in user_name else None
