"""Topic creation and offset inspection, safe on Apache Kafka and on Tansu."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code

_TOPIC_ALREADY_EXISTS = TopicAlreadyExistsError.errno


async def ensure_topics(
    bootstrap: str,
    names: Iterable[str],
    *,
    partitions: int,
    replication: int = 1,
    configs: dict[str, str] | None = None,
) -> list[str]:
    """Create the topics that do not exist yet; returns the names it created.

    ``configs`` are topic-level settings such as ``retention.ms``.
    """
    wanted = list(dict.fromkeys(names))
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in wanted if name not in existing]
        if not missing:
            return []
        response = await admin.create_topics(
            [
                NewTopic(name, partitions, replication, topic_configs=configs or {})
                for name in missing
            ]
        )
    finally:
        await admin.close()
    return _created(response.topic_errors)


async def end_offsets(bootstrap: str, topic: str) -> dict[int, int]:
    """Partition -> high watermark of ``topic`` ({} when the topic does not exist)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await _partitions(consumer, topic)
        if not partitions:
            return {}
        offsets = await consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
    finally:
        await consumer.stop()
    return {tp.partition: int(offset) for tp, offset in offsets.items()}


async def committed_offsets(bootstrap: str, group_id: str, topic: str) -> dict[int, int]:
    """Partition -> offset committed by ``group_id`` on ``topic`` (0 when none)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await _partitions(consumer, topic)
    finally:
        await consumer.stop()
    if not partitions:
        return {}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        # Always name the partitions: Tansu drops the connection on an "all topics" fetch.
        committed = await admin.list_consumer_group_offsets(
            group_id, partitions=[TopicPartition(topic, p) for p in partitions]
        )
    finally:
        await admin.close()
    found = {tp.partition: max(meta.offset, 0) for tp, meta in committed.items()}
    return {p: found.get(p, 0) for p in partitions}


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[int]:
    """Partition ids from an all-topics metadata request.

    A metadata request naming the topic would make Tansu auto-create it (with 4 partitions).
    """
    await consumer.topics()
    return sorted(consumer.partitions_for_topic(topic) or ())


def _created(topic_errors: list[tuple[Any, ...]]) -> list[str]:
    """Names created by a CreateTopics response; raises on errors other than 'exists'."""
    created: list[str] = []
    for entry in topic_errors:
        name, code = entry[0], entry[1]
        message = entry[2] if len(entry) > 2 else None  # v0 responses carry no message
        if code == 0:
            created.append(name)
        elif code != _TOPIC_ALREADY_EXISTS:
            raise for_code(code)(f"creating topic {name!r} failed: {message}")
    return created
