"""Decisions over a channel stream."""

from __future__ import annotations

from collab_events.news import ChannelCreated, ChannelEditorsChanged, ChannelUpdated
from servicekit.commands import NO_CHANGE, Decision

from news_service.domain import errors
from news_service.domain.commands import CreateChannel, UpdateChannel
from news_service.domain.model import ChannelState
from news_service.domain.streams import channel_subject


def decide_create_channel(command: CreateChannel, state: ChannelState) -> Decision:
    """Admins create channels; a retry with the same settings changes nothing."""
    if not command.caller.admin:
        raise errors.NotAllowed("only platform admins create channels")
    if state.exists:
        same = (state.title, state.editors) == (command.title, _editors(command.editors))
        if same:
            return NO_CHANGE
        raise errors.ChannelExists("a channel with this id exists")
    event = ChannelCreated(
        channel_id=command.channel_id, title=command.title, description=command.description,
        editors=list(_editors(command.editors)), created_by=command.caller.employee_id,
    )  # fmt: skip
    return Decision.of(channel_subject(command.channel_id), event)


def decide_update_channel(command: UpdateChannel, state: ChannelState) -> Decision:
    """Admins rename a channel or change its editors; only what changes is appended."""
    if not state.exists:
        raise errors.ChannelNotFound("no such channel")
    if not command.caller.admin:
        raise errors.NotAllowed("only platform admins change channels")
    subject, decision = channel_subject(command.channel_id), NO_CHANGE
    title = state.title if command.title is None else command.title
    description = state.description if command.description is None else command.description
    if (title, description) != (state.title, state.description):
        updated = ChannelUpdated(
            channel_id=command.channel_id, title=title, description=description
        )
        decision = decision.plus(subject, updated)
    if command.editors is not None and _editors(command.editors) != state.editors:
        editors = list(_editors(command.editors))
        decision = decision.plus(
            subject, ChannelEditorsChanged(channel_id=command.channel_id, editors=editors)
        )
    return decision


def _editors(editors: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(editors)))
