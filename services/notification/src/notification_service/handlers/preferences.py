"""Preference use cases: replace them, mute a post, unsubscribe from one type by e-mail."""

from __future__ import annotations

from servicekit.commands import CommandResult, execute, one_stream
from servicekit.streams import Metadata

from notification_service.domain.preferences import (
    PREFERENCES,
    Change,
    ChangePreferences,
    decide_preferences,
    preferences_subject,
    with_post_muted,
    with_type,
)
from notification_service.domain.unsubscribe import ALL, Unsubscribe
from notification_service.ports import Ports


async def change_preferences(
    ports: Ports, command: ChangePreferences, *, expected_version: int | None = None
) -> CommandResult:
    """Record the new preferences (the same again changes nothing)."""
    handler = one_stream(
        PREFERENCES, lambda c: preferences_subject(c.employee_id), decide_preferences, ports.store
    )
    outcome = await execute(
        ports.store,
        handler,
        command,
        metadata=Metadata(actor_id=command.employee_id),
        expected_version=expected_version,
    )
    return outcome.result


async def mute_post(ports: Ports, employee_id: str, post_id: str, muted: bool) -> CommandResult:
    """Mute (or unmute) one post or thread."""
    command = ChangePreferences(employee_id, lambda p: with_post_muted(p, post_id, muted), "mute")
    return await change_preferences(ports, command)


def _unsubscribed(request: Unsubscribe) -> Change:
    if request.type == ALL:
        return lambda p: p.model_copy(update={"digest": "off"})
    return lambda p: with_type(p, request.type, email=False)  # type: ignore[arg-type]


async def unsubscribe(ports: Ports, request: Unsubscribe) -> CommandResult:
    """Turn off e-mail of one type (or the digest) for the person the signed link names."""
    command = ChangePreferences(request.employee_id, _unsubscribed(request), "unsubscribe")
    return await change_preferences(ports, command)
