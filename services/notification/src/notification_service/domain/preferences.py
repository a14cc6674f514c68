"""Preferences: defaults, the effective choice per type and channel, and their stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from collab_events import Event
from collab_events.notification import (
    Channels,
    NotificationPreferencesChanged,
    NotificationType,
    Preferences,
)
from servicekit.commands import NO_CHANGE, Aggregate, Decision

from notification_service.domain.catalog import CATALOG

DEFAULT = Preferences()


def channels(preferences: Preferences, type_: NotificationType) -> Channels:
    """The channels of one type: the person's choice, else the type's default."""
    chosen = preferences.types.get(type_)
    return chosen if chosen is not None else Channels(in_app=True, email=CATALOG[type_].email)


def in_app_off(preferences: Preferences) -> list[NotificationType]:
    """Types the person does not want in the centre."""
    return [t for t in CATALOG if not channels(preferences, t).in_app]


def preferences_subject(employee_id: str) -> str:
    """The stream of one person's preferences."""
    return f"notification-preferences:{employee_id}"


Change = Callable[[Preferences], Preferences]


@dataclass(frozen=True, slots=True)
class ChangePreferences:
    """Change a person's preferences (``reason`` says which route changed them).

    ``change`` maps the current preferences to the new ones, so a retried conflict
    applies it to fresh state (two mutes at once both stick).
    """

    employee_id: str
    change: Change
    reason: str = "settings"


def replace_with(preferences: Preferences) -> Change:
    """The change that sets exactly ``preferences``."""
    return lambda _current: preferences


@dataclass(frozen=True, slots=True)
class PreferencesState:
    """The stream folded: the current preferences (defaults when never changed)."""

    preferences: Preferences = DEFAULT


def evolve_preferences(state: PreferencesState, event: Event) -> PreferencesState:
    """The preferences after ``event``."""
    if isinstance(event, NotificationPreferencesChanged):
        return PreferencesState(event.preferences)
    return state


PREFERENCES = Aggregate[PreferencesState](initial=PreferencesState, evolve=evolve_preferences)


def decide_preferences(command: ChangePreferences, state: PreferencesState) -> Decision:
    """NotificationPreferencesChanged unless nothing changes."""
    changed = command.change(state.preferences)
    if state.preferences == changed:
        return NO_CHANGE
    event = NotificationPreferencesChanged(
        employee_id=command.employee_id,
        preferences=changed,
        reason=command.reason,  # type: ignore[arg-type]
    )
    return Decision.of(preferences_subject(command.employee_id), event)


def with_type(preferences: Preferences, type_: NotificationType, **change: bool) -> Preferences:
    """The preferences with one type's channels changed."""
    current = channels(preferences, type_).model_copy(update=change)
    return preferences.model_copy(update={"types": {**preferences.types, type_: current}})


def with_post_muted(preferences: Preferences, post_id: str, muted: bool) -> Preferences:
    """The preferences with one post muted or not."""
    posts = [p for p in preferences.muted_posts if p != post_id]
    if muted:
        posts.append(post_id)
    return preferences.model_copy(update={"muted_posts": posts})
