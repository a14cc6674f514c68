"""Sending one message over SMTP (aiosmtplib), step by step around DATA.

The only moment SMTP leaves in doubt is between the end of the message (``<CRLF>.<CRLF>``)
and the server's answer to it (RFC 5321 §4.1.1.4, RFC 1047): before it the server keeps
nothing, after its 250 it has taken responsibility. So a send reports two moments to its
caller: ``handing_over`` just before DATA (the caller records it; a crash before it leaves a
mail that surely was not delivered) and ``accepted`` right after the 250 and before QUIT
(the caller records ``sent`` while the session is still open, so QUIT's round trip is not
part of the window).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from email.utils import getaddresses

import aiosmtplib
from aiosmtplib.email import flatten_message

from notification_service.config import NotificationOptions

Step = Callable[[], Awaitable[None]]
Send = Callable[[EmailMessage, Step, Step], Awaitable[None]]
SEND_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError)


def envelope_of(message: EmailMessage) -> tuple[str, list[str]]:
    """The envelope sender and recipients of a composed message."""
    sender = getaddresses([str(message["From"])])[0][1]
    recipients = [a for _, a in getaddresses([str(v) for v in message.get_all("To", [])]) if a]
    return sender, recipients


def smtp_sender(options: NotificationOptions) -> Send:
    """A function that hands one message to the configured SMTP server."""

    async def send(message: EmailMessage, handing_over: Step, accepted: Step) -> None:
        password = options.smtp_password.get_secret_value() if options.smtp_password else None
        client = aiosmtplib.SMTP(
            hostname=options.smtp_host,
            port=options.smtp_port,
            start_tls=options.smtp_starttls,
            username=options.smtp_username,
            password=password,
            timeout=options.smtp_timeout_s,
        )
        sender, recipients = envelope_of(message)
        async with client:  # connect, EHLO, STARTTLS and AUTH as configured; QUIT at the end
            await client.mail(sender)
            for recipient in recipients:
                await client.rcpt(recipient)
            await handing_over()
            await client.data(flatten_message(message))
            await accepted()

    return send
