"""The cause of a notice from an event's envelope, and who may read a feed item."""

from __future__ import annotations

from typing import Any

from collab_replicas import Replicas
from servicekit.projection import EventContext, ReadModels

from notification_service.domain.notices import Cause


def live_replicas(ctx: EventContext) -> Replicas:
    """The replicas, always the live collections: they belong to another projection, so a
    rebuild of this one (fresh, prefixed collections) still reads the current facts."""
    return Replicas(ReadModels(ctx.models.db))


def cause_of(ctx: EventContext, actor_id: str | None) -> Cause:
    """The cause of the notices of the event being applied."""
    env = ctx.envelope
    return Cause(env.id, env.type, env.subject, actor_id, env.time, env.causationid)


def origin_of(ctx: EventContext) -> dict[str, Any]:
    """How "why" names the event that created a target."""
    env = ctx.envelope
    return {"id": env.id, "type": env.type, "subject": env.subject, "actor": env.actorid}


async def may_read(
    replicas: Replicas, recipient: str, group_id: str | None, visibility: str
) -> bool:
    """Whether the recipient can read an item in this place now (secret: active members)."""
    if group_id is None:
        return True  # a profile post: every active employee reads it
    group = await replicas.groups.group(group_id)
    if group is None:
        return visibility == "public"  # not projected yet; the event says public
    return await replicas.groups.can_read(group_id, recipient)
