"""Follow commands: one stream per relationship, checked against both employees."""

from __future__ import annotations

import asyncio

from servicekit.commands import (
    CommandHandler,
    CommandResult,
    Loaded,
    execute,
    load_state,
    one_stream,
)
from servicekit.streams import Metadata

from profile_service.domain import follow
from profile_service.domain.follow import FollowContext, FollowEmployee, UnfollowEmployee
from profile_service.handlers.load import load_employee
from profile_service.ports import Ports


async def follow_employee(
    ports: Ports, *, follower_id: str, followee_id: str, actor: str | None
) -> CommandResult:
    """``follower_id`` follows ``followee_id`` (idempotent)."""
    command = FollowEmployee(follower_id, followee_id)
    handler = CommandHandler(
        load=lambda c: _load_follow(ports, c), decide=follow.decide_follow, primary=_subject
    )
    outcome = await execute(ports.store, handler, command, metadata=Metadata(actor_id=actor))
    return outcome.result


async def unfollow_employee(
    ports: Ports, *, follower_id: str, followee_id: str, actor: str | None
) -> CommandResult:
    """``follower_id`` stops following ``followee_id`` (idempotent)."""
    command = UnfollowEmployee(follower_id, followee_id)
    aggregate = follow.aggregate(follower_id, followee_id)
    handler = one_stream(aggregate, _subject, follow.decide_unfollow, ports.store)
    outcome = await execute(ports.store, handler, command, metadata=Metadata(actor_id=actor))
    return outcome.result


def _subject(command: FollowEmployee | UnfollowEmployee) -> str:
    return follow.subject(command.follower_id, command.followee_id)


async def _load_follow(ports: Ports, command: FollowEmployee) -> Loaded[FollowContext]:
    """The relationship's stream (the one appended to) and both employees' current state."""
    aggregate = follow.aggregate(command.follower_id, command.followee_id)
    (relation, version), (follower, _), (followee, _) = await asyncio.gather(
        load_state(ports.store, _subject(command), aggregate),
        load_employee(ports.store, command.follower_id),
        load_employee(ports.store, command.followee_id),
    )
    return Loaded(FollowContext(relation, follower, followee), {_subject(command): version})
