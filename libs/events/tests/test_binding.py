"""The codec speaks the CloudEvents Kafka binding (structured mode) as the SDK reads it."""

from __future__ import annotations

from typing import Any

import pytest
from cloudevents.core.bindings import kafka
from collab_events import (
    REGISTRY,
    CloudEvent,
    Event,
    decode_record,
    encode_record,
    new_envelope,
    structured_headers,
)

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
ATTRIBUTES = ("id", "type", "source", "subject", "specversion", "time", "dataschema")
EXTENSIONS = ("streamversion", "correlationid", "causationid", "actorid", "traceparent")
MODELS = sorted(REGISTRY.models(), key=lambda m: m.type())


def envelope_of(model: type[Event], **extra: Any) -> CloudEvent:
    return new_envelope(model.example(), subject=f"s:{model.type()}", streamversion=2, **extra)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.type())
def test_sdk_reads_every_event_type_as_structured_mode(model: type[Event]) -> None:
    envelope = envelope_of(model, actor_id="e-7", causation_id="c-1", traceparent=TRACEPARENT)
    record = encode_record(envelope)
    message = kafka.KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
    event = kafka.from_kafka_event(message)
    attributes = event.get_attributes()
    sent = envelope.model_dump()
    assert {name: attributes[name] for name in ATTRIBUTES + EXTENSIONS} == {
        name: sent[name] for name in ATTRIBUTES + EXTENSIONS
    }
    assert attributes["datacontenttype"] == "application/json"
    assert attributes["partitionkey"] == envelope.subject  # the record key
    assert event.get_data() == envelope.data


def test_headers_are_content_type_and_traceparent_only() -> None:
    model = next(iter(REGISTRY.models()))
    with_trace = encode_record(envelope_of(model, traceparent=TRACEPARENT))
    without = encode_record(envelope_of(model))
    assert with_trace.headers == [
        ("content-type", b"application/cloudevents+json"),
        ("traceparent", TRACEPARENT.encode()),
    ]
    assert without.headers == [("content-type", b"application/cloudevents+json")]


def test_records_written_with_ce_headers_still_decode() -> None:
    """Records already on the topics carried ``ce_id``/``ce_type``: they stay readable."""
    envelope = envelope_of(next(iter(REGISTRY.models())))
    legacy_headers = [
        ("content-type", b"application/cloudevents+json"),
        ("ce_id", envelope.id.encode()),
        ("ce_type", envelope.type.encode()),
    ]
    value = envelope.model_dump_json().encode()
    assert decode_record(value) == envelope
    message = kafka.KafkaMessage(
        headers=dict(structured_headers(legacy_headers)), key=None, value=value
    )
    assert kafka.from_kafka_event(message).get_id() == envelope.id


def test_structured_headers_drops_only_binary_mode_headers() -> None:
    headers = [
        ("content-type", b"application/cloudevents+json"),
        ("ce_id", b"1"),
        ("CE_Type", b"t"),
        ("traceparent", TRACEPARENT.encode()),
        ("x-collab-error", b"boom"),
    ]
    assert structured_headers(headers) == [headers[0], headers[3], headers[4]]


def test_naive_time_from_the_store_is_sent_as_utc() -> None:
    """BSON datetimes read by a client without ``tz_aware`` come back naive; still RFC 3339."""
    envelope = envelope_of(next(iter(REGISTRY.models())))
    stored = {**envelope.model_dump(), "time": envelope.time.replace(tzinfo=None)}
    record = encode_record(CloudEvent.model_validate(stored))
    assert b'Z"' in record.value.split(b'"time":', 1)[1][:40]
    message = kafka.KafkaMessage(headers=dict(record.headers), key=None, value=record.value)
    assert kafka.from_kafka_event(message).get_time() == envelope.time
