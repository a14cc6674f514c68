"""Moderation use cases: report (one stream per reporter and post), hide, restore."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute, load_state

from feed_service.domain import moderation as rules
from feed_service.domain.commands import HidePost, ReportPost, RestorePost
from feed_service.domain.moderation import ModerationContext
from feed_service.domain.streams import POST, REPORT, post_subject, report_subject
from feed_service.handlers.ports import Ports
from feed_service.handlers.posts import by

C = TypeVar("C", HidePost, RestorePost)


async def report(ports: Ports, command: ReportPost) -> CommandResult:
    """Report the post to its moderators (a repeat changes nothing)."""
    subject = report_subject(command.post_id, command.caller.employee_id)

    async def load(c: ReportPost) -> Loaded[ModerationContext]:
        (post, _), (reported, version) = await asyncio.gather(
            load_state(ports.store, post_subject(c.post_id), POST),
            load_state(ports.store, subject, REPORT),
        )
        place = await ports.places.view(post.group_id, c.caller)
        return Loaded(ModerationContext(post, place, reported), {subject: version})

    handler = CommandHandler(load=load, decide=rules.decide_report, primary=lambda c: subject)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


async def hide(ports: Ports, command: HidePost) -> CommandResult:
    """Hide the post (the group's moderators and up, platform admins)."""
    return await _on_post(ports, command, rules.decide_hide)


async def restore(ports: Ports, command: RestorePost) -> CommandResult:
    """Restore a hidden post."""
    return await _on_post(ports, command, rules.decide_restore)


async def _on_post(
    ports: Ports, command: C, decide: Callable[[C, ModerationContext], Decision]
) -> CommandResult:
    async def load(c: C) -> Loaded[ModerationContext]:
        post, version = await load_state(ports.store, post_subject(c.post_id), POST)
        place = await ports.places.view(post.group_id, c.caller)
        return Loaded(ModerationContext(post, place), {post_subject(c.post_id): version})

    handler = CommandHandler(load=load, decide=decide, primary=_post_subject)
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


def _post_subject(command: HidePost | RestorePost) -> str:
    return post_subject(command.post_id)
