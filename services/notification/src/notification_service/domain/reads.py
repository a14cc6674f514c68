"""Read marks: one stream per notification, one per person for "mark all read"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from collab_events import Event
from collab_events.notification import NotificationRead, NotificationsReadAll
from servicekit.commands import NO_CHANGE, Aggregate, Decision


@dataclass(frozen=True, slots=True)
class MarkRead:
    """The recipient read the notification as it was at ``seen_until``."""

    employee_id: str
    notification_id: str
    seen_until: datetime


@dataclass(frozen=True, slots=True)
class MarkAllRead:
    """The person read everything up to ``until``."""

    employee_id: str
    until: datetime


@dataclass(frozen=True, slots=True)
class ReadState:
    """The latest moment a stream says was read (None: never)."""

    until: datetime | None = None


def _evolve(state: ReadState, event: Event) -> ReadState:
    if isinstance(event, NotificationRead):
        return ReadState(event.seen_until)
    if isinstance(event, NotificationsReadAll):
        return ReadState(event.until)
    return state


READS = Aggregate[ReadState](initial=ReadState, evolve=_evolve)


def read_subject(notification_id: str) -> str:
    """The stream of one notification's read marks."""
    return f"notification-read:{notification_id}"


def read_all_subject(employee_id: str) -> str:
    """The stream of one person's "mark all read"."""
    return f"notification-reads:{employee_id}"


def _not_newer(state: ReadState, moment: datetime) -> bool:
    return state.until is not None and state.until >= moment


def decide_read(command: MarkRead, state: ReadState) -> Decision:
    """NotificationRead unless this state of the notification was read already."""
    if _not_newer(state, command.seen_until):
        return NO_CHANGE
    event = NotificationRead(employee_id=command.employee_id,
                             notification_id=command.notification_id,
                             seen_until=command.seen_until)  # fmt: skip
    return Decision.of(read_subject(command.notification_id), event)


def decide_read_all(command: MarkAllRead, state: ReadState) -> Decision:
    """NotificationsReadAll unless everything up to ``until`` was read already."""
    if _not_newer(state, command.until):
        return NO_CHANGE
    event = NotificationsReadAll(employee_id=command.employee_id, until=command.until)
    return Decision.of(read_all_subject(command.employee_id), event)
