"""Follow commands: one stream per relationship, checked against both employees."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute
from servicekit.eventstore import Metadata

from profile_service.domain import follow
from profile_service.domain.errors import CannotFollowSelf
from profile_service.handlers.ports import Ports, follow_aggregate, load_employee


async def follow_employee(
    ports: Ports, *, follower_id: str, followee_id: str, actor: str | None
) -> CommandResult:
    """``follower_id`` follows ``followee_id`` (idempotent)."""
    if follower_id == followee_id:
        raise CannotFollowSelf()
    follower, _ = await load_employee(ports.store, follower_id)
    followee, _ = await load_employee(ports.store, followee_id)
    return await execute(
        ports.store,
        follow.subject(follower_id, followee_id),
        follow_aggregate(follower_id, followee_id),
        lambda state: follow.decide_follow(state, follower=follower, followee=followee),
        metadata=Metadata(actor_id=actor),
    )


async def unfollow_employee(
    ports: Ports, *, follower_id: str, followee_id: str, actor: str | None
) -> CommandResult:
    """``follower_id`` stops following ``followee_id`` (idempotent)."""
    return await execute(
        ports.store,
        follow.subject(follower_id, followee_id),
        follow_aggregate(follower_id, followee_id),
        follow.decide_unfollow,
        metadata=Metadata(actor_id=actor),
    )
