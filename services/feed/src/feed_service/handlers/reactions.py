"""Reaction use cases: set or remove the caller's reaction (one stream per person and target)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute, load_state

from feed_service.domain import reactions as rules
from feed_service.domain.commands import RemoveReaction, SetReaction
from feed_service.domain.model import CommentState
from feed_service.domain.reactions import ReactionContext
from feed_service.domain.streams import (
    COMMENT,
    POST,
    REACTION,
    comment_subject,
    post_subject,
    reaction_subject,
)
from feed_service.handlers.ports import Ports
from feed_service.handlers.posts import by

C = TypeVar("C", SetReaction, RemoveReaction)


async def set_reaction(ports: Ports, command: SetReaction) -> CommandResult:
    """React to the post or comment; a new type replaces the old one."""
    return await _run(ports, command, rules.decide_set)


async def remove_reaction(ports: Ports, command: RemoveReaction) -> CommandResult:
    """Take the reaction back."""
    return await _run(ports, command, rules.decide_remove)


async def _comment(ports: Ports, comment_id: str | None) -> CommentState | None:
    if comment_id is None:
        return None
    comment, _ = await load_state(ports.store, comment_subject(comment_id), COMMENT)
    return comment


async def _run(
    ports: Ports, command: C, decide: Callable[[C, ReactionContext], Decision]
) -> CommandResult:
    async def load(c: C) -> Loaded[ReactionContext]:
        subject = _subject(c)
        (reaction, version), (post, _), comment = await asyncio.gather(
            load_state(ports.store, subject, REACTION),
            load_state(ports.store, post_subject(c.post_id), POST),
            _comment(ports, c.comment_id),
        )
        place = await ports.places.view(post.group_id, c.caller)
        return Loaded(ReactionContext(reaction, post, place, comment), {subject: version})

    handler = CommandHandler(load=load, decide=decide, primary=_subject)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


def _subject(command: SetReaction | RemoveReaction) -> str:
    return reaction_subject(command.post_id, command.caller.employee_id, command.comment_id)
