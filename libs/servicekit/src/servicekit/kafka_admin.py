"""Topic creation and offset inspection, safe on Apache Kafka and on Tansu."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code

_TOPIC_ALREADY_EXISTS = TopicAlreadyExistsError.errno
_FETCH_ATTEMPTS = 10


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
    """Partition -> high watermark of ``topic`` ({} when the topic does not exist).

    Read from a fetch response, not from ListOffsets: Tansu answers ListOffsets
    with the base offset of its last batch (or less), the fetch's high watermark
    is exact on every broker. The fetch starts just before the listed end and asks
    for one byte, so it costs one small batch per partition.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        fetch_max_bytes=1,
        max_partition_fetch_bytes=1,
        fetch_max_wait_ms=10,
    )
    await consumer.start()
    try:
        partitions = await _partitions(consumer, topic)
        if not partitions:
            return {}
        return await _highwaters(consumer, [TopicPartition(topic, p) for p in partitions])
    finally:
        await consumer.stop()


async def _highwaters(consumer: AIOKafkaConsumer, tps: list[TopicPartition]) -> dict[int, int]:
    consumer.assign(tps)
    listed = await consumer.end_offsets(tps)
    for tp in tps:
        consumer.seek(tp, max(int(listed[tp]) - 1, 0))
    found: dict[int, int] = {}
    for _ in range(_FETCH_ATTEMPTS):  # a partition's first fetch may come back later
        await consumer.getmany(*tps, timeout_ms=200)
        for tp in tps:
            mark = consumer.highwater(tp)
            if mark is not None:
                found[tp.partition] = int(mark)
        if len(found) == len(tps):
            return found
    return {tp.partition: found.get(tp.partition, int(listed[tp])) for tp in tps}


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
