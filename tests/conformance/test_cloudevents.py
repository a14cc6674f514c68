"""Every record on every topic, read by the CloudEvents SDK's own auto-detecting Kafka reader.

Events of every type of every service are appended to real event stores and
published by the real outbox relay to the embedded Kafka. A projector then
dead-letters one event type per service through the production DLQ publisher,
together with a record in the older format (``ce_id``/``ce_type`` headers) such
as those already on the topics. The SDK must read every record of every topic
as a structured-mode CloudEvent whose attributes are the ones that were sent.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from cloudevents.core.base import BaseCloudEvent
from cloudevents.core.bindings import kafka
from cloudevents.core.formats.json import JSONFormat
from collab_events import REGISTRY, CloudEvent, Event, dlq_topic_for, new_envelope, topic_for
from opentelemetry import context
from servicekit.eventstore import EventStore, Metadata
from servicekit.kafka_admin import ensure_topics
from servicekit.lease import Lease
from servicekit.projection import Projection, ReadModels
from servicekit.projector import Projector
from servicekit.relay import OutboxRelay
from servicekit.runner import dead_letters, new_broker
from servicekit.settings import ServiceSettings
from servicekit.testing.kafka import eventually, read_topic
from servicekit.tracing import context_from

pytestmark = pytest.mark.integration
EXAMPLES = Path(__file__).resolve().parents[2] / "contracts" / "examples"
SERVICES = sorted({model.service for model in REGISTRY.models()})
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
ATTRIBUTES = ("id", "type", "source", "subject", "specversion", "datacontenttype", "dataschema")
EXTENSIONS = ("streamversion", "correlationid", "causationid", "actorid", "traceparent")


@dataclass
class Legacy:
    """A record as the relay wrote it before: structured value plus ``ce_`` headers."""

    value: bytes
    key: bytes
    headers: list[tuple[str, bytes]]
    topic: str
    partition: int = 0
    offset: int = 10**9
    envelope: CloudEvent = field(init=False)

    def __post_init__(self) -> None:
        self.envelope = CloudEvent.model_validate_json(self.value)


def models_of(service: str) -> list[type[Event]]:
    return sorted((m for m in REGISTRY.models() if m.service == service), key=lambda m: m.type())


async def append_every_type(store: EventStore, service: str) -> list[CloudEvent]:
    """One event of each type, over three streams, appended inside a traced request."""
    token = context.attach(context_from(TRACEPARENT))
    sent: list[CloudEvent] = []
    try:
        for i, model in enumerate(models_of(service)):
            subject = f"{service}:{i % 3}"
            metadata = Metadata(actor_id=f"e-{i}", correlation_id=f"c-{i}", causation_id=f"k-{i}")
            version = await store.version(subject)
            sent += await store.append(
                subject, [model.example()], expected_version=version, metadata=metadata
            )
    finally:
        context.detach(token)
    return sent


async def relay_everything(store: EventStore, bootstrap: str, topic: str) -> None:
    """Run the outbox relay until the store holds nothing unpublished."""
    relay = OutboxRelay(
        store=store,
        topic=topic,
        lease=Lease(store.db, "relay", "conformance", 5.0),
        producer_factory=lambda: AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all"),
        poll_interval_s=0.2,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))

    async def drained() -> bool:
        return await store.unpublished_count() == 0

    try:
        await eventually(drained)
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


def legacy_record(model: type[Event], topic: str) -> Legacy:
    envelope = new_envelope(model.example(), subject="legacy:1", streamversion=1)
    headers = [
        ("content-type", b"application/cloudevents+json"),
        ("ce_id", envelope.id.encode()),
        ("ce_type", envelope.type.encode()),
    ]
    return Legacy(envelope.model_dump_json().encode(), b"legacy:1", headers, topic)


async def dead_letter_one_type(
    settings: ServiceSettings, db: Any, records: list[Any], model: type[Event]
) -> Legacy:
    """A projector whose handler for ``model`` fails sends those records to the DLQ."""
    projection = Projection(name="conformance", sources=(settings.service_name,), collections=())

    @projection.on(model)
    async def fail(event: Event, ctx: Any) -> None:
        raise RuntimeError("handler refuses this event")

    broker = new_broker(settings)
    await broker.connect()
    legacy = legacy_record(model, records[0].topic)
    try:
        letters = dead_letters(settings, broker)
        projector = Projector(projection, models=ReadModels(db), dead_letters=letters, retries=0)
        await projector.apply_batch([*records, legacy])
    finally:
        await broker.stop()
    return legacy


def read_with_sdk(record: Any) -> BaseCloudEvent:
    """The record through the SDK's reader that picks the mode from the headers."""
    headers = {name: bytes(value) for name, value in record.headers}
    message = kafka.KafkaMessage(headers=headers, key=record.key, value=record.value)
    event = kafka.from_kafka_event(message)
    # structured mode per the binding: the format in content-type, no binary-mode headers
    assert headers["content-type"] == b"application/cloudevents+json"
    assert not [name for name in headers if name.lower().startswith("ce_")], headers
    return event


def assert_same_event(event: BaseCloudEvent, sent: CloudEvent) -> None:
    attributes, wanted = event.get_attributes(), sent.model_dump()
    names = ATTRIBUTES + EXTENSIONS
    assert {n: attributes.get(n) for n in names} == {n: wanted[n] for n in names}
    # the store keeps milliseconds; the offset must survive (RFC 3339 needs one)
    assert abs((attributes["time"] - sent.time).total_seconds()) < 0.001
    assert attributes["partitionkey"] == sent.subject
    assert event.get_data() == sent.data


@pytest.fixture
async def service_db(mongo_client):
    names: list[str] = []

    def make() -> Any:
        names.append(f"t_{uuid.uuid4().hex[:12]}")
        return mongo_client[names[-1]]

    yield make
    for name in names:
        await mongo_client.drop_database(name)


async def test_sdk_reads_every_record_of_every_topic(
    service_db, kafka_bootstrap: str, topic_prefix: str
) -> None:
    assert {"profile", "group"} <= set(SERVICES)  # a new service joins this test by itself
    topics = [topic_for(s, topic_prefix) for s in SERVICES]
    dlqs = [dlq_topic_for(s, topic_prefix) for s in SERVICES]
    await ensure_topics(kafka_bootstrap, topics + dlqs, partitions=2)
    expected: dict[str, dict[str, CloudEvent]] = {}
    for service, topic, dlq in zip(SERVICES, topics, dlqs, strict=True):
        store = EventStore(service_db(), REGISTRY)
        await store.setup()
        sent = await append_every_type(store, service)
        await relay_everything(store, kafka_bootstrap, topic)
        expected[topic] = {e.id: e for e in sent}
        records = await read_topic(kafka_bootstrap, topic, at_least=len(sent))
        settings = ServiceSettings(
            service_name=service, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
        )
        failing = models_of(service)[0]
        legacy = await dead_letter_one_type(settings, store.db, records, failing)
        letters = [e for e in sent if e.type == failing.type()] + [legacy.envelope]
        expected[dlq] = {e.id: e for e in letters}
    for topic, wanted in expected.items():
        records = await read_topic(kafka_bootstrap, topic, at_least=len(wanted))
        assert len(records) == len(wanted), topic
        for record in records:
            event = read_with_sdk(record)
            assert_same_event(event, wanted.pop(event.get_id()))
        assert wanted == {}, topic


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_sdk_json_format_reads_every_golden_example(path: Path) -> None:
    raw = json.loads(path.read_text())
    event = JSONFormat().read(None, path.read_bytes())
    attributes = event.get_attributes()
    assert event.get_specversion() == "1.0"
    assert {k: v for k, v in attributes.items() if k != "time"} == {
        k: v for k, v in raw.items() if k not in ("data", "time")
    }
    assert attributes["time"].isoformat().replace("+00:00", "Z") == raw["time"]
    assert event.get_data() == raw["data"]
