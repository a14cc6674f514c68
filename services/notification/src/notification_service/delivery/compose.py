"""A mail in the recipient's language: multipart text + HTML, RFC 8058 unsubscribe headers."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

SUBJECTS = {
    "digest": {"en": "Your Collab Hub digest: {n} new", "de": "Dein Collab-Hub-Überblick: {n} neu"},
    "footer": {"en": "Stop these e-mails: {url}", "de": "Diese E-Mails abbestellen: {url}"},
    "open": {"en": "Open", "de": "Öffnen"},
}


@dataclass(frozen=True, slots=True)
class Line:
    """One notification in a mail."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Mail:
    """A composed mail, stored before it is sent so that a resend is byte-identical."""

    to: str
    subject: str
    lines: tuple[Line, ...]
    language: str
    unsubscribe_url: str
    message_id: str


def message_id(mail_id: str, domain: str) -> str:
    """The Message-ID of a mail: derived from its id, the same on every attempt."""
    safe = "".join(c if c.isalnum() or c in ".-" else "." for c in mail_id)
    return f"<{safe}@{domain}>"


def digest_subject(count: int, language: str) -> str:
    """The subject of a digest of ``count`` notifications."""
    return SUBJECTS["digest"][language].format(n=count)


def _text(mail: Mail) -> str:
    body = [f"- {line.title}\n  {line.url}" for line in mail.lines]
    footer = SUBJECTS["footer"][mail.language].format(url=mail.unsubscribe_url)
    return "\n".join([*body, "", footer]) + "\n"


def _html(mail: Mail) -> str:
    opened = SUBJECTS["open"][mail.language]
    items = "".join(
        f'<li>{html.escape(line.title)} <a href="{html.escape(line.url)}">{opened}</a></li>'
        for line in mail.lines
    )
    footer = SUBJECTS["footer"][mail.language].format(
        url=f'<a href="{html.escape(mail.unsubscribe_url)}">{html.escape(mail.unsubscribe_url)}</a>'
    )
    body = f"<ul>{items}</ul><p>{footer}</p>"
    return f'<!doctype html><html lang="{mail.language}"><body>{body}</body></html>'


def build_message(mail: Mail, sender: str, date: datetime) -> EmailMessage:
    """The RFC 5322 message: text and HTML alternatives, one-click unsubscribe."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, mail.to, mail.subject
    message["Message-ID"], message["Date"] = mail.message_id, format_datetime(date)
    message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(_text(mail))
    message.add_alternative(_html(mail), subtype="html")
    message["Content-Language"] = mail.language  # after the parts: they take Content-* along
    # A resend must be the same bytes: the boundary follows from the Message-ID.
    message.set_boundary("=_" + hashlib.sha256(mail.message_id.encode()).hexdigest()[:40])
    return message


def as_doc(mail: Mail) -> dict[str, object]:
    """The stored form of a composed mail."""
    return {
        "to": mail.to,
        "subject": mail.subject,
        "language": mail.language,
        "lines": [[line.title, line.url] for line in mail.lines],
        "unsubscribe_url": mail.unsubscribe_url,
        "message_id": mail.message_id,
    }


def from_doc(doc: dict[str, object]) -> Mail:
    """The composed mail a stored record holds."""
    lines: Sequence[Sequence[str]] = doc["lines"]  # type: ignore[assignment]
    return Mail(
        to=str(doc["to"]),
        subject=str(doc["subject"]),
        language=str(doc["language"]),
        lines=tuple(Line(t, u) for t, u in lines),
        unsubscribe_url=str(doc["unsubscribe_url"]),
        message_id=str(doc["message_id"]),
    )
