"""Comment use cases: add (or reply), edit (If-Match aware), delete."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute, load_state

from feed_service.domain import comments as rules
from feed_service.domain.commands import AddComment, DeleteComment, EditComment
from feed_service.domain.comments import CommentContext
from feed_service.domain.model import CommentState, Draft
from feed_service.domain.streams import COMMENT, POST, comment_subject, post_subject
from feed_service.handlers.drafts import compose
from feed_service.handlers.ports import Ports
from feed_service.handlers.posts import by

C = TypeVar("C", AddComment, EditComment, DeleteComment)


async def add(ports: Ports, command: AddComment) -> CommandResult:
    """Comment on a post or reply to a top-level comment (a retry adds nothing)."""
    draft = await compose(ports.places, command.text)
    return await _run(ports, command, rules.decide_add, None, draft)


async def edit(ports: Ports, command: EditComment, *, expected: int | None = None) -> CommandResult:
    """Replace the comment's text (author only)."""
    draft = await compose(ports.places, command.text)
    return await _run(ports, command, rules.decide_edit, expected, draft)


async def delete(
    ports: Ports, command: DeleteComment, *, expected: int | None = None
) -> CommandResult:
    """Delete the comment (author, group moderators and up, platform admins)."""
    return await _run(ports, command, rules.decide_delete, expected, None)


async def _parent(ports: Ports, command: C) -> CommentState | None:
    if not isinstance(command, AddComment) or command.parent_id is None:
        return None
    parent, _ = await load_state(ports.store, comment_subject(command.parent_id), COMMENT)
    return parent


def _loader(ports: Ports, draft: Draft | None) -> Callable[[C], Awaitable[Loaded[CommentContext]]]:
    async def load(command: C) -> Loaded[CommentContext]:
        subject = comment_subject(command.comment_id)
        (comment, version), (post, _), parent = await asyncio.gather(
            load_state(ports.store, subject, COMMENT),
            load_state(ports.store, post_subject(command.post_id), POST),
            _parent(ports, command),
        )
        place = await ports.places.view(post.group_id, command.caller)
        ctx = CommentContext(comment, post, place, parent, draft)
        return Loaded(ctx, {subject: version})

    return load


async def _run(
    ports: Ports,
    command: C,
    decide: Callable[[C, CommentContext], Decision],
    expected: int | None,
    draft: Draft | None,
) -> CommandResult:
    handler = CommandHandler(load=_loader(ports, draft), decide=decide, primary=_subject)
    outcome = await execute(
        ports.store, handler, command, metadata=by(command.caller), expected_version=expected
    )
    return outcome.result


def _subject(command: AddComment | EditComment | DeleteComment) -> str:
    return comment_subject(command.comment_id)
