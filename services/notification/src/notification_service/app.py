"""Composition root: the notification service's routers, projections, timer and mailer."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer
from collab_events import dlq_topic_for
from collab_replicas import Replicas
from servicekit.deadletters import DeadLetters
from servicekit.service import ServiceDefinition, ServiceRuntime

from notification_service.api import ROUTERS
from notification_service.config import NotificationOptions
from notification_service.delivery.failures import dead_letter_reporter
from notification_service.delivery.mailer import Mailer
from notification_service.delivery.outbox import index_mails
from notification_service.delivery.smtp import smtp_sender
from notification_service.handlers.timer import run_timer
from notification_service.ports import Ports
from notification_service.projections import PROJECTIONS

DESCRIPTION = (
    "Notifications: an in-app centre with grouping and 'why did I get this', preferences per "
    "type and channel with mutes, e-mail over SMTP (immediate and digests at the local hour, "
    "one-click unsubscribe), a live stream."
)


def build_ports(runtime: ServiceRuntime, options: NotificationOptions) -> Ports:
    """The event store, read models, replicas and options in the service's database."""
    return Ports(
        store=runtime.store,
        models=runtime.models,
        replicas=Replicas(runtime.models),
        options=options,
        settings=runtime.settings,
    )


async def prepare_mails(runtime: ServiceRuntime) -> None:
    """Index the mails collection."""
    await index_mails(runtime.models)


async def run_timer_task(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
    """Poll-closing notices and retention pruning."""
    await run_timer(runtime.ports, stop)


async def run_mailer(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
    """Immediate mails and digests over SMTP; given-up mails go to the DLQ."""
    settings, ports = runtime.settings, runtime.ports
    if not ports.options.mail_enabled:
        return
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all")
    await producer.start()

    async def publish(
        topic: str, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    letters = DeadLetters(dlq_topic_for(settings.service_name, settings.topic_prefix), publish)
    report = dead_letter_reporter(letters)
    try:
        await Mailer(ports, smtp_sender(ports.options), report).run(stop)
    finally:
        await producer.stop()


def definition(options: NotificationOptions | None = None) -> ServiceDefinition:
    """The notification service."""
    chosen = options or NotificationOptions()
    return ServiceDefinition(
        name="notification",
        title="Notification service",
        description=DESCRIPTION,
        routers=ROUTERS,
        projections=PROJECTIONS,
        ports=lambda runtime: build_ports(runtime, chosen),
        on_startup=[prepare_mails],
        worker_tasks=[run_timer_task, run_mailer],
    )
