"""Sending one message over SMTP (aiosmtplib)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from email.message import EmailMessage

import aiosmtplib

from notification_service.config import NotificationOptions

Send = Callable[[EmailMessage], Awaitable[None]]
SEND_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError)


def smtp_sender(options: NotificationOptions) -> Send:
    """A function that hands one message to the configured SMTP server."""

    async def send(message: EmailMessage) -> None:
        password = options.smtp_password.get_secret_value() if options.smtp_password else None
        await aiosmtplib.send(
            message,
            hostname=options.smtp_host,
            port=options.smtp_port,
            start_tls=options.smtp_starttls,
            username=options.smtp_username,
            password=password,
            timeout=options.smtp_timeout_s,
        )

    return send
