"""Pin use cases: pin a post of a group (optional expiry), unpin it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute, load_state

from feed_service.domain import pins as rules
from feed_service.domain.commands import PinPost, UnpinPost
from feed_service.domain.pins import PinContext
from feed_service.domain.streams import PINS, POST, pins_subject, post_subject
from feed_service.handlers.ports import Ports
from feed_service.handlers.posts import by

C = TypeVar("C", PinPost, UnpinPost)


async def pin(ports: Ports, command: PinPost) -> CommandResult:
    """Pin the post (group moderators and up, platform admins)."""
    return await _run(ports, command, rules.decide_pin)


async def unpin(ports: Ports, command: UnpinPost) -> CommandResult:
    """Remove the pin (group moderators and up, platform admins)."""
    return await _run(ports, command, rules.decide_unpin)


async def _run(
    ports: Ports, command: C, decide: Callable[[C, PinContext], Decision]
) -> CommandResult:
    async def load(c: C) -> Loaded[PinContext]:
        (pins, version), (post, _) = await asyncio.gather(
            load_state(ports.store, pins_subject(c.group_id), PINS),
            load_state(ports.store, post_subject(c.post_id), POST),
        )
        place = await ports.places.view(c.group_id, c.caller)
        return Loaded(PinContext(pins, post, place), {pins_subject(c.group_id): version})

    handler = CommandHandler(load=load, decide=decide, primary=_subject)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


def _subject(command: PinPost | UnpinPost) -> str:
    return pins_subject(command.group_id)
