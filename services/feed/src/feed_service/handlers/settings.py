"""Feed settings use case: choose the default order of the home feed."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute, one_stream

from feed_service.domain.settings import (
    SETTINGS,
    ChangeFeedSettings,
    decide_settings,
    settings_subject,
)
from feed_service.handlers.ports import Ports
from feed_service.handlers.posts import by


async def change_settings(ports: Ports, command: ChangeFeedSettings) -> CommandResult:
    """Record the chosen order (the same again changes nothing)."""
    handler = one_stream(
        SETTINGS, lambda c: settings_subject(c.caller.employee_id), decide_settings, ports.store
    )
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result
