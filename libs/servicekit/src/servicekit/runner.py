"""Wire projections to Kafka as FastStream batch subscribers.

Offsets are committed only after a batch's MongoDB writes succeeded
(``AckPolicy.NACK_ON_ERROR``): an exception rewinds the partitions to the
batch start, so the batch is delivered again after a short pause.
"""

from __future__ import annotations

import asyncio
from typing import Any

from collab_events import REGISTRY, EventRegistry, dlq_topic_for, topic_for
from faststream import Context
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from faststream.middlewares import AckPolicy

from servicekit.deadletters import DeadLetters
from servicekit.projection import Projection, ReadModels
from servicekit.projector import Projector
from servicekit.settings import ServiceSettings


def consumer_group(settings: ServiceSettings, projection: Projection, suffix: str = "") -> str:
    """``<service>.<projection>`` (plus a suffix for rebuilds)."""
    return f"{settings.topic_prefix}{settings.service_name}.{projection.name}{suffix}"


def source_topics(settings: ServiceSettings, projection: Projection) -> list[str]:
    """The topics a projection consumes."""
    return [topic_for(s, settings.topic_prefix) for s in projection.sources]


def dead_letters(settings: ServiceSettings, broker: KafkaBroker) -> DeadLetters:
    """The service's DLQ, published through ``broker``."""

    async def publish(
        topic: str, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        await broker.publish(
            value, topic=topic, key=key, headers={k: v.decode(errors="replace") for k, v in headers}
        )

    return DeadLetters(dlq_topic_for(settings.service_name, settings.topic_prefix), publish)


def new_broker(settings: ServiceSettings) -> KafkaBroker:
    """A FastStream Kafka broker for the service's subscribers and DLQ."""
    return KafkaBroker(
        settings.kafka_bootstrap,
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        logger=None,
    )


def subscribe(
    broker: KafkaBroker,
    projection: Projection,
    models: ReadModels,
    settings: ServiceSettings,
    *,
    group_suffix: str = "",
    registry: EventRegistry = REGISTRY,
) -> Projector:
    """Register a batch subscriber that feeds ``projection``; returns its projector."""
    projector = Projector(
        projection,
        models=models,
        dead_letters=dead_letters(settings, broker),
        registry=registry,
        retries=settings.projection_retries,
        retry_backoff_s=settings.projection_retry_backoff_s,
        service=settings.service_name,
    )
    subscriber = broker.subscriber(
        *source_topics(settings, projection),
        group_id=consumer_group(settings, projection, group_suffix),
        batch=True,
        max_records=settings.projection_max_records,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        batch_timeout_ms=settings.kafka_fetch_max_wait_ms,
    )

    @subscriber
    async def project(body: Any, message: KafkaMessage = Context("message")) -> None:
        records = message.raw_message
        try:
            await projector.apply_batch(records if isinstance(records, tuple) else (records,))
        except Exception:
            await asyncio.sleep(settings.projection_retry_backoff_s or 0.2)  # no hot redelivery
            raise

    return projector
