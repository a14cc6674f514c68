"""A mail given up on goes to the service's dead-letter topic as its EmailFailed event."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events import encode_record, new_envelope
from collab_events.notification import EmailFailed
from servicekit.deadletters import DeadLetters

from notification_service.delivery.mailer import ReportFailure
from notification_service.handlers.mail import mail_subject

MAILER = "mailer"  # the x-collab-projection header of a failed mail


@dataclass(slots=True)
class _Letter:
    """A failed mail in the shape of a consumer record."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


def dead_letter_reporter(letters: DeadLetters) -> ReportFailure:
    """Report a failed mail by publishing its EmailFailed CloudEvent as a dead letter."""

    async def report(failed: EmailFailed, error: BaseException) -> None:
        envelope = new_envelope(failed, subject=mail_subject(failed.mail_id), streamversion=1)
        record = encode_record(envelope)
        letter = _Letter(MAILER, 0, 0, record.key, record.value, list(record.headers))
        await letters.send(letter, error, MAILER)

    return report
