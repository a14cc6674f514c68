"""The pytest plugin's fixtures and the Kafka admin helpers, against the session's servers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.auth import TokenVerifier
from servicekit.kafka_admin import committed_offsets, end_offsets, ensure_topics
from servicekit.testing.plugin import TokenFactory

pytestmark = pytest.mark.integration


async def test_mongo_db_is_a_fresh_database(mongo_db: AsyncDatabase[dict[str, Any]]) -> None:
    assert mongo_db.name.startswith("t_")
    assert await mongo_db.list_collection_names() == []
    await mongo_db.things.insert_one({"_id": 1, "name": "x"})
    assert await mongo_db.things.find_one({"_id": 1}) == {"_id": 1, "name": "x"}


def test_make_token_is_accepted_by_the_verifier(
    make_token: TokenFactory, jwt_keys: tuple[str, str]
) -> None:
    verifier = TokenVerifier(
        issuer="collab-dev", audience="collab-hub", algorithms=["RS256"], public_key=jwt_keys[1]
    )
    principal = verifier.verify(make_token("e-1", ["admin"], ttl_s=60))
    assert principal.sub == "e-1"
    assert principal.has_role("admin")


def test_topic_prefixes_are_unique(topic_prefix: str) -> None:
    assert topic_prefix.startswith("t") and topic_prefix.endswith(".")
    assert len(topic_prefix) == 10


async def test_ensure_topics_creates_only_missing_ones(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    a, b = f"{topic_prefix}collab.profile.v1", f"{topic_prefix}collab.profile.dlq.v1"
    assert sorted(await ensure_topics(kafka_bootstrap, [a, b, a], partitions=3)) == sorted([a, b])
    assert await ensure_topics(kafka_bootstrap, [a, b], partitions=3) == []
    assert await end_offsets(kafka_bootstrap, a) == {0: 0, 1: 0, 2: 0}


async def test_end_offsets_are_exact_after_batched_produce(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    """Many records per batch: Tansu's ListOffsets answers short of the end, a fetch does not."""
    topic = f"{topic_prefix}collab.feed.v1"
    await ensure_topics(kafka_bootstrap, [topic], partitions=3)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, linger_ms=50)
    await producer.start()
    sent = [await producer.send(topic, b"x" * 50, key=str(i).encode()) for i in range(600)]
    await asyncio.gather(*sent)
    await producer.stop()
    ends: dict[int, int] = {}
    for future in sent:
        meta = future.result()
        ends[meta.partition] = max(ends.get(meta.partition, 0), meta.offset + 1)
    assert await end_offsets(kafka_bootstrap, topic) == dict(sorted(ends.items()))


async def test_offsets_follow_produce_and_commit(kafka_bootstrap: str, topic_prefix: str) -> None:
    topic = f"{topic_prefix}collab.group.v1"
    await ensure_topics(kafka_bootstrap, [topic], partitions=2)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    for i in range(3):
        await producer.send_and_wait(topic, b"m", partition=i % 2)
    await producer.stop()
    assert await end_offsets(kafka_bootstrap, topic) == {0: 2, 1: 1}
    group = f"{topic_prefix}projector"
    assert await committed_offsets(kafka_bootstrap, group, topic) == {0: 0, 1: 0}
    await _commit(kafka_bootstrap, group, {TopicPartition(topic, 0): 2})
    assert await committed_offsets(kafka_bootstrap, group, topic) == {0: 2, 1: 0}


async def test_missing_topic_has_no_offsets_and_is_not_created(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}never.v1"
    assert await end_offsets(kafka_bootstrap, topic) == {}
    assert await committed_offsets(kafka_bootstrap, "g", topic) == {}
    assert await ensure_topics(kafka_bootstrap, [topic], partitions=1) == [topic]


async def _commit(bootstrap: str, group: str, offsets: dict[TopicPartition, int]) -> None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(offsets))
        await consumer.commit(offsets)
    finally:
        await consumer.stop()
