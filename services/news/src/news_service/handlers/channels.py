"""Channel use cases: create, update (platform admins)."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute, one_stream

from news_service.domain.channels import decide_create_channel, decide_update_channel
from news_service.domain.commands import CreateChannel, UpdateChannel
from news_service.domain.model import CHANNEL
from news_service.domain.streams import channel_subject
from news_service.ports import Ports, by


async def create_channel(ports: Ports, command: CreateChannel) -> CommandResult:
    """Create the channel (a retry with the same settings changes nothing)."""
    handler = one_stream(
        CHANNEL, lambda c: channel_subject(c.channel_id), decide_create_channel, ports.store
    )
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    return outcome.result


async def update_channel(
    ports: Ports, command: UpdateChannel, expected_version: int | None
) -> CommandResult:
    """Change title, description or editors (If-Match: ``expected_version``)."""
    handler = one_stream(
        CHANNEL, lambda c: channel_subject(c.channel_id), decide_update_channel, ports.store
    )
    outcome = await execute(
        ports.store, handler, command, metadata=by(command.caller),
        expected_version=expected_version,
    )  # fmt: skip
    return outcome.result
