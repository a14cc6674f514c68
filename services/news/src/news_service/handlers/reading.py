"""Reader use cases: the first read, acknowledgements."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute, one_stream
from servicekit.streams import Metadata

from news_service.domain.commands import Acknowledge, RecordRead
from news_service.domain.model import READER
from news_service.domain.reading import decide_acknowledge, decide_read
from news_service.domain.streams import reader_subject
from news_service.ports import Ports


async def record_read(ports: Ports, command: RecordRead) -> CommandResult:
    """Record the first read (a later read changes nothing)."""
    subject = reader_subject(command.article_id, command.employee_id)
    handler = one_stream(READER, lambda c: subject, decide_read, ports.store)
    outcome = await execute(ports.store, handler, command, metadata=Metadata(command.employee_id))
    return outcome.result


async def acknowledge(ports: Ports, command: Acknowledge) -> CommandResult:
    """Record the acknowledgement of the current version (once per version)."""
    subject = reader_subject(command.article_id, command.employee_id)
    handler = one_stream(READER, lambda c: subject, decide_acknowledge, ports.store)
    outcome = await execute(ports.store, handler, command, metadata=Metadata(command.employee_id))
    return outcome.result
