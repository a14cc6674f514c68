"""Read-mark use cases: one notification, or all of a person's."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute, one_stream
from servicekit.streams import Metadata

from notification_service.domain.reads import (
    READS,
    MarkAllRead,
    MarkRead,
    decide_read,
    decide_read_all,
    read_all_subject,
    read_subject,
)
from notification_service.ports import Ports


async def mark_read(ports: Ports, command: MarkRead) -> CommandResult:
    """Record that the recipient read the notification (again after a bump)."""
    handler = one_stream(READS, lambda c: read_subject(c.notification_id), decide_read,
                         ports.store)  # fmt: skip
    metadata = Metadata(actor_id=command.employee_id)
    return (await execute(ports.store, handler, command, metadata=metadata)).result


async def mark_all_read(ports: Ports, command: MarkAllRead) -> CommandResult:
    """Record that the person read everything up to now."""
    handler = one_stream(READS, lambda c: read_all_subject(c.employee_id), decide_read_all,
                         ports.store)  # fmt: skip
    metadata = Metadata(actor_id=command.employee_id)
    return (await execute(ports.store, handler, command, metadata=metadata)).result
