"""Comment use cases: add (readers of an article that takes comments), edit, delete."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute, one_stream
from servicekit.streams import Metadata

from news_service.domain.comments import (
    COMMENT,
    AddComment,
    ChangeComment,
    comment_subject,
    decide_add,
    decide_change,
)
from news_service.ports import Ports


def _subject(command: AddComment | ChangeComment) -> str:
    return comment_subject(command.article_id, command.comment_id)


async def add_comment(ports: Ports, command: AddComment) -> CommandResult:
    """Add the comment (a retry with the same id changes nothing)."""
    handler = one_stream(COMMENT, _subject, decide_add, ports.store)
    metadata = Metadata(actor_id=command.caller.employee_id)
    return (await execute(ports.store, handler, command, metadata=metadata)).result


async def change_comment(
    ports: Ports, command: ChangeComment, expected_version: int | None = None
) -> CommandResult:
    """Edit or delete (If-Match: ``expected_version``)."""
    handler = one_stream(COMMENT, _subject, decide_change, ports.store)
    metadata = Metadata(actor_id=command.caller.employee_id)
    outcome = await execute(
        ports.store, handler, command, metadata=metadata, expected_version=expected_version
    )
    return outcome.result
