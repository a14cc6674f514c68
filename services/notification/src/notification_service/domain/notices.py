"""A notice: what one event means for one recipient, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from collab_events.notification import NotificationType

from notification_service.domain.catalog import CATALOG


@dataclass(frozen=True, slots=True)
class Cause:
    """The event that caused a notice, as "why" shows it."""

    event_id: str
    event_type: str
    subject: str
    actor_id: str | None
    time: datetime
    causation_id: str | None = None

    def as_doc(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.event_id,
            "type": self.event_type,
            "subject": self.subject,
            "actor": self.actor_id,
            "time": self.time,
            "causation_id": self.causation_id,
        }


@dataclass(frozen=True, slots=True)
class Target:
    """What a notice is about and where its link goes."""

    kind: str  # post, comment, group, article, poll, employee
    id: str
    link: str
    group_id: str | None = None
    post_id: str | None = None
    # The event that created the target (e.g. the PostPublished a reaction is on).
    origin: dict[str, Any] | None = None
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Notice:
    """``recipient`` should learn about ``cause`` (of type ``type``) on ``target``.

    ``key`` names the notification uniquely per recipient (one per cause event, or a
    natural key such as one mention notice per post); grouped types share one
    notification per target and window.
    """

    recipient: str
    type: NotificationType
    target: Target
    cause: Cause
    key: str

    @property
    def actor_id(self) -> str | None:
        """Who acted (never notified about their own action)."""
        return self.cause.actor_id


def notification_id(notice: Notice, window_s: int) -> str:
    """The notification's id: one per (recipient, key), or per group window."""
    if CATALOG[notice.type].grouped:
        bucket = int(notice.cause.time.timestamp()) // window_s
        return f"{notice.recipient}:{notice.type}:{notice.target.id}:{bucket}"
    return f"{notice.recipient}:{notice.key}"


def worth_telling(notice: Notice) -> bool:
    """Never about one's own action."""
    return notice.recipient != notice.actor_id
