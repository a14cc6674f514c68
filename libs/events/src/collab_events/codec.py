"""Encode envelopes as Kafka records (structured CloudEvents JSON) and back."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.envelope import CONTENT_TYPE, CloudEvent


@dataclass(frozen=True, slots=True)
class KafkaRecord:
    """What goes onto Kafka: key = subject, value = the JSON envelope."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def encode_record(envelope: CloudEvent) -> KafkaRecord:
    """Kafka record for an envelope; ``traceparent`` also travels as a header."""
    headers = [
        ("content-type", CONTENT_TYPE.encode()),
        ("ce_id", envelope.id.encode()),
        ("ce_type", envelope.type.encode()),
    ]
    if envelope.traceparent:
        headers.append(("traceparent", envelope.traceparent.encode()))
    return KafkaRecord(
        key=envelope.subject.encode(),
        value=envelope.model_dump_json().encode(),
        headers=headers,
    )


def decode_record(value: bytes) -> CloudEvent:
    """The envelope in a Kafka record value; pydantic ValidationError when malformed."""
    return CloudEvent.model_validate_json(value)
