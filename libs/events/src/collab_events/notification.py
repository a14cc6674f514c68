"""Events of the notification service: preferences and e-mail delivery.

Streams: ``notification-preferences:<e>`` holds one person's notification preferences
(every change carries the complete new preferences); ``notification-read:<n>`` the read
marks of one notification, ``notification-reads:<e>`` a person's "mark all read";
``mail:<m>`` one e-mail's delivery (``EmailSent`` or ``EmailFailed``, once). Notifications
themselves are read models built from the other services' events, not events of their own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from collab_events.base import Event
from collab_events.registry import REGISTRY

_ID = Field(min_length=1, max_length=64)
Id = Annotated[str, _ID]
MAX_MUTED_GROUPS, MAX_MUTED_POSTS, MAX_MAIL_ITEMS = 500, 1000, 200
NotificationType = Literal[
    "mention",
    "comment_on_post",
    "reply_to_comment",
    "reaction",
    "new_follower",
    "join_request",
    "join_approved",
    "join_rejected",
    "invitation",
    "post_hidden",
    "must_read",
    "must_read_reminder",
    "poll_opened",
    "poll_closing",
    "poll_results",
]
Digest = Literal["off", "daily", "weekly"]
MailKind = Literal["immediate", "digest"]


class Channels(BaseModel):
    """Where one type of notification goes."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    in_app: bool = True
    email: bool = False


class Preferences(BaseModel):
    """A person's complete notification preferences."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    types: dict[NotificationType, Channels] = Field(default_factory=dict, max_length=30)
    digest: Digest = "off"
    digest_hour: int = Field(default=8, ge=0, le=23, description="Local hour of the digest.")
    digest_weekday: int = Field(default=0, ge=0, le=6, description="0 = Monday (weekly).")
    muted_groups: list[Id] = Field(default_factory=list, max_length=MAX_MUTED_GROUPS)
    muted_posts: list[Id] = Field(default_factory=list, max_length=MAX_MUTED_POSTS)


@REGISTRY.register
class NotificationPreferencesChanged(Event):
    """``employee_id``'s preferences are now ``preferences`` (the whole set)."""

    service: ClassVar[str] = "notification"
    name: ClassVar[str] = "preferences_changed"
    employee_id: str = _ID
    preferences: Preferences
    reason: Literal["settings", "mute", "unsubscribe", "erased"] = "settings"

    @classmethod
    def example(cls) -> NotificationPreferencesChanged:
        preferences = Preferences(
            types={"reaction": Channels(in_app=True, email=False)},
            digest="daily",
            digest_hour=9,
            muted_groups=["g-1"],
        )
        return cls(employee_id="e-1001", preferences=preferences)


@REGISTRY.register
class NotificationRead(Event):
    """``employee_id`` read the notification, as it was up to ``seen_until``.

    A grouped notification that a later event bumped past ``seen_until`` is unread again.
    """

    service: ClassVar[str] = "notification"
    name: ClassVar[str] = "notification_read"
    employee_id: str = _ID
    notification_id: str = Field(min_length=1, max_length=300)
    seen_until: datetime

    @classmethod
    def example(cls) -> NotificationRead:
        return cls(
            employee_id="e-1001",
            notification_id="e-1001:reaction:p-1:20788",
            seen_until=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        )


@REGISTRY.register
class NotificationsReadAll(Event):
    """``employee_id`` marked every notification up to ``until`` read."""

    service: ClassVar[str] = "notification"
    name: ClassVar[str] = "all_read"
    employee_id: str = _ID
    until: datetime

    @classmethod
    def example(cls) -> NotificationsReadAll:
        return cls(employee_id="e-1001", until=datetime(2026, 12, 1, 9, 30, tzinfo=UTC))


class _MailEvent(Event):
    service: ClassVar[str] = "notification"
    mail_id: str = Field(min_length=1, max_length=200)
    employee_id: str = _ID
    kind: MailKind
    notification_ids: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=MAX_MAIL_ITEMS
    )


@REGISTRY.register
class EmailSent(_MailEvent):
    """The SMTP server accepted the mail ``message_id`` for ``employee_id``."""

    name: ClassVar[str] = "email_sent"
    message_id: str = Field(min_length=1, max_length=300)
    attempts: int = Field(ge=1)

    @classmethod
    def example(cls) -> EmailSent:
        return cls(
            mail_id="n:e-1001:0190c2a4-7d1e-7cc0-9d0a-4b5f6c7d8e9f",
            employee_id="e-1001",
            kind="immediate",
            notification_ids=["e-1001:0190c2a4-7d1e-7cc0-9d0a-4b5f6c7d8e9f"],
            message_id="<n.e-1001.0190c2a4@collab.example>",
            attempts=1,
        )


@REGISTRY.register
class EmailFailed(_MailEvent):
    """Every attempt to send the mail failed; ``error`` is the last SMTP error."""

    name: ClassVar[str] = "email_failed"
    attempts: int = Field(ge=1)
    error: str = Field(max_length=1000)

    @classmethod
    def example(cls) -> EmailFailed:
        return cls(
            mail_id="digest:e-1001:2026-12-01",
            employee_id="e-1001",
            kind="digest",
            attempts=5,
            error="SMTPConnectError: connection refused",
        )
