"""A person's feed settings: the default order of their home feed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from collab_events import Event
from collab_events.feed import FeedSettingsChanged
from servicekit.commands import NO_CHANGE, Aggregate, Decision

from feed_service.domain.model import Caller

Order = Literal["recent", "ranked"]


@dataclass(frozen=True, slots=True)
class ChangeFeedSettings:
    """Choose the default order of the caller's home feed."""

    caller: Caller
    order: Order


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """The settings stream folded (None: never chosen, the default applies)."""

    order: Order | None = None


def evolve_settings(state: FeedSettings, event: Event) -> FeedSettings:
    """The settings after ``event``."""
    return FeedSettings(event.order) if isinstance(event, FeedSettingsChanged) else state


SETTINGS = Aggregate[FeedSettings](initial=FeedSettings, evolve=evolve_settings)


def settings_subject(employee_id: str) -> str:
    """The stream of one person's feed settings."""
    return f"feed-settings:{employee_id}"


def decide_settings(command: ChangeFeedSettings, state: FeedSettings) -> Decision:
    """FeedSettingsChanged unless the order is already the chosen one."""
    if state.order == command.order:
        return NO_CHANGE
    me = command.caller.employee_id
    event = FeedSettingsChanged(employee_id=me, order=command.order)
    return Decision.of(settings_subject(me), event)
