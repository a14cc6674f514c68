"""The body of ``GET /v1/me/export``: what the notification service holds about the caller."""

from __future__ import annotations

from datetime import datetime

from collab_events.notification import Channels, Digest, MailKind, NotificationType
from pydantic import BaseModel, Field

from notification_service.queries.views import NotificationView


class ExportedNotification(NotificationView):
    """One stored notification as the centre shows it, with what the service keeps besides."""

    rule: str = Field(description="The rule that sent it.")
    actor_ids: list[str] = Field(
        description="Everyone whose action it tells of (the causes `…/why` lists), by id."
    )
    cause_count: int = Field(description="How many events it groups.")
    last_event_at: datetime = Field(description="When its latest cause happened (ISO 8601).")
    in_centre: bool = Field(
        description="False when the caller's preferences (type off in-app, a muted group or "
        "post) keep it out of the centre; it is still stored until retention removes it."
    )


class ExportedPreferences(BaseModel):
    """The caller's stored preferences, defaults filled in for types never chosen."""

    types: dict[NotificationType, Channels] = Field(description="Channels of every type.")
    chosen_types: list[NotificationType] = Field(
        description="The types the caller chose explicitly (the rest follow the defaults)."
    )
    digest: Digest
    digest_hour: int = Field(description="The local hour of the digest.")
    digest_weekday: int = Field(description="0 = Monday (weekly digests).")
    muted_groups: list[str]
    muted_posts: list[str]
    version: int = Field(description="How many times they were changed.")
    digest_due_at: datetime | None = Field(
        description="When the mailer next looks at the caller's digest (ISO 8601); null: no digest."
    )


class MailLine(BaseModel):
    """One line of a mail: a notification's title and its link."""

    title: str
    url: str


class ExportedMail(BaseModel):
    """One e-mail the service composed for the caller and what became of it."""

    id: str = Field(description="`n:<notification>` or `digest:<employee>:<period>`.")
    kind: MailKind
    state: str = Field(
        description="pending, sending, handed_over, retry, sent, failed, or empty (a digest "
        "period with nothing to tell: no mail)."
    )
    to: str | None = Field(description="The address it went to; null for an empty digest.")
    subject: str | None
    language: str | None
    lines: list[MailLine]
    notification_ids: list[str] = Field(description="The notifications it tells of.")
    message_id: str | None = Field(description="Its Message-ID header.")
    attempts: int = Field(description="Attempts to hand it to the mail server.")
    created_at: datetime | None = Field(description="When it was composed (ISO 8601).")
    handed_over_at: datetime | None = Field(
        description="When the message was last handed to the mail server (ISO 8601)."
    )
    sent_at: datetime | None = Field(
        description="When the mail server accepted it (ISO 8601); null: not (yet) sent."
    )


class Recipient(BaseModel):
    """What the service keeps to deliver to the caller (copied from the profile)."""

    email: str | None = Field(description="Where the caller's mail goes.")
    locale: str | None = Field(description="Chooses the language of titles and mails.")
    timezone: str | None = Field(description="Chooses the local hour of digests.")
    active: bool | None = Field(description="An inactive person gets nothing; null: unknown.")


class NotificationExport(BaseModel):
    """Everything the notification service holds about the caller (GDPR Art. 15/20)."""

    employee_id: str = Field(description="The caller.")
    exported_at: datetime = Field(description="When this export was made (ISO 8601).")
    recipient: Recipient
    preferences: ExportedPreferences | None = Field(
        description="Null when the caller never changed them (the defaults apply)."
    )
    notifications: list[ExportedNotification] = Field(
        description="Every stored notification of the caller, newest activity first."
    )
    mails: list[ExportedMail] = Field(description="Every mail composed for the caller, by id.")
