"""Dead letters can be listed and retried once their cause is fixed."""

from __future__ import annotations

import pytest
from aiokafka import AIOKafkaProducer
from collab_events import dlq_topic_for, encode_record, new_envelope
from servicekit.deadletters import DeadLetters
from servicekit.dlq import read_dead_letters, retry_dead_letters
from servicekit.kafka_admin import ensure_topics
from servicekit.projection import EventContext, Projection, ReadModels
from servicekit.projector import Projector
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyOpened

pytestmark = pytest.mark.integration


async def test_retry_applies_fixed_letters_once(settings_for, mongo_db, kafka_bootstrap) -> None:
    settings = settings_for("sample", projection_retries=0)
    broken = {"on": True}
    projection = Projection(name="labels", sources=("sample",), collections=("labels",))

    @projection.on(TallyOpened)
    async def store_label(event: TallyOpened, ctx: EventContext) -> None:
        if broken["on"]:
            raise RuntimeError("label store offline")
        await ctx.models["labels"].update_one(
            {"_id": ctx.envelope.subject}, {"$set": {"label": event.label}}, upsert=True
        )

    dlq = dlq_topic_for("sample", settings.topic_prefix)
    await ensure_topics(kafka_bootstrap, [dlq], partitions=1)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()

    async def publish(topic, value, key, headers):
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    models = ReadModels(mongo_db)
    projector = Projector(
        projection,
        models=models,
        dead_letters=DeadLetters(dlq, publish),
        registry=SAMPLE_REGISTRY,
        retries=0,
    )
    record = encode_record(new_envelope(TallyOpened(label="x"), subject="tally:x", streamversion=1))

    class Rec:
        topic, partition, offset = "collab.sample.v1", 0, 0
        key, value, headers = record.key, record.value, record.headers

    await projector.apply_batch([Rec()])
    await producer.stop()
    letters = await read_dead_letters(settings)
    assert [(d.projection, d.subject) for d in letters] == [("labels", "tally:x")]
    assert "label store offline" in letters[0].error

    still_broken = await retry_dead_letters(
        settings, [projection], models, registry=SAMPLE_REGISTRY
    )
    assert len(still_broken) == 1 and len(await read_dead_letters(settings)) == 2  # re-queued
    broken["on"] = False
    retried = await retry_dead_letters(settings, [projection], models, registry=SAMPLE_REGISTRY)
    assert len(retried) == 1
    assert await models["labels"].find_one({"_id": "tally:x"}) == {"_id": "tally:x", "label": "x"}
    assert await retry_dead_letters(settings, [projection], models, registry=SAMPLE_REGISTRY) == []
