"""The mailer (a worker task): queue immediate mails and digests, send what is due.

Every mail is recorded (``delivery.outbox``) before the first attempt and after each; its
outcome becomes one ``EmailSent`` or ``EmailFailed`` event. SMTP failures are retried with
exponential back-off; after the last attempt the mail is ``failed``: counted in
``collab_notification_emails_total{outcome="failed"}`` and published to the DLQ topic.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from collab_events.notification import EmailFailed, EmailSent

from notification_service.delivery import outbox
from notification_service.delivery.compose import build_message, from_doc
from notification_service.delivery.digests import queue_digests
from notification_service.delivery.immediate import queue_immediate
from notification_service.delivery.metrics import EMAILS
from notification_service.delivery.smtp import SEND_ERRORS, Send
from notification_service.handlers.mail import record_outcome
from notification_service.ports import Ports

log = logging.getLogger(__name__)
ReportFailure = Callable[[EmailFailed, BaseException], Awaitable[None]]


class Mailer:
    """Sends the mails of one service database; safe to run in several workers."""

    def __init__(
        self,
        ports: Ports,
        send: Send,
        report: ReportFailure | None = None,
        after_send: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self.ports, self.send, self.report = ports, send, report
        # A hook between the SMTP answer and the record of it (tests crash here).
        self.after_send = after_send

    async def tick(self, now: datetime | None = None) -> int:
        """Queue what became due and send it; how many mails were sent."""
        now = now or datetime.now(UTC)
        # What is composed now is sent now: the outbox is only asked for the exceptions.
        claimed = await queue_immediate(self.ports, now)
        claimed += await queue_digests(self.ports, now)
        sent = 0
        for doc in claimed:
            sent += await self._attempt(doc, now)
        return sent + await self.send_due(now)

    async def send_due(self, now: datetime) -> int:
        """Try every due mail once."""
        options, sent = self.ports.options, 0
        for doc in await outbox.due(self.ports.models, now, options.mail_sending_timeout_s):
            sent += await self._attempt(doc, now)
        return sent

    async def _attempt(self, doc: dict[str, Any], now: datetime) -> int:
        models, options = self.ports.models, self.ports.options
        attempt = await outbox.begin_attempt(models, doc["_id"], doc["state"], now)
        if attempt is None:
            return 0  # another mailer took it
        mail, accepted = from_doc(doc), False
        if doc["state"] == outbox.HANDED_OVER:  # the same bytes again: one Message-ID
            EMAILS.labels(doc["kind"], "resent_in_doubt").inc()

        async def handing_over() -> None:
            await outbox.hand_over(models, doc["_id"], now)

        async def on_accepted() -> None:
            nonlocal accepted
            accepted = True
            if self.after_send is not None:
                await self.after_send(doc["_id"])
            await outbox.finish(models, doc["_id"], "sent", sent_at=now)

        try:
            message = build_message(mail, options.mail_from, doc["created_at"])
            await self.send(message, handing_over, on_accepted)
        except SEND_ERRORS as error:
            if not accepted:  # a failure after the 250 (QUIT, say) changes nothing
                await self._failed(doc, attempt, error, now)
                return 0
        await record_outcome(
            self.ports.store,
            EmailSent(
                mail_id=doc["_id"],
                employee_id=doc["employee_id"],
                kind=doc["kind"],
                notification_ids=doc["notification_ids"],
                message_id=mail.message_id,
                attempts=attempt,
            ),
        )
        EMAILS.labels(doc["kind"], "sent").inc()
        return 1

    async def _failed(
        self, doc: dict[str, Any], attempt: int, error: BaseException, now: datetime
    ) -> None:
        models, options = self.ports.models, self.ports.options
        text = f"{type(error).__name__}: {error}"[:1000]
        if attempt < options.mail_attempts:
            wait = options.mail_backoff_s * 2 ** (attempt - 1)
            await outbox.finish(
                models, doc["_id"], "retry", error=text, next_at=now + timedelta(seconds=wait)
            )
            EMAILS.labels(doc["kind"], "retried").inc()
            return
        failed = EmailFailed(
            mail_id=doc["_id"],
            employee_id=doc["employee_id"],
            kind=doc["kind"],
            notification_ids=doc["notification_ids"],
            attempts=attempt,
            error=text,
        )
        await outbox.finish(models, doc["_id"], "failed", error=text)
        await record_outcome(self.ports.store, failed)
        EMAILS.labels(doc["kind"], "failed").inc()
        log.warning("mail %s failed after %d attempts: %s", doc["_id"], attempt, text)
        if self.report is not None:
            await self.report(failed, error)

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every ``mail_interval_s`` until ``stop``; a failed tick is retried next time."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("mailer tick failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.ports.options.mail_interval_s)
