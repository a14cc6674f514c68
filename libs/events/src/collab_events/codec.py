"""Kafka records per the CloudEvents Kafka protocol binding, structured content mode.

The record value is the JSON event format, header ``content-type`` names it
(``application/cloudevents+json``) and the key is the subject. No ``ce_``
header is written: the binding allows them in structured mode, but receivers
such as the cloudevents SDK take any ``ce_`` header for binary mode and then
fail to read the record. ``traceparent`` is a W3C Trace Context header, not a
CloudEvents attribute header, so it travels too. Decoding reads only the
value, so records written with ``ce_id``/``ce_type`` headers stay readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from collab_events.envelope import CONTENT_TYPE, CloudEvent

CONTENT_TYPE_HEADER = "content-type"
TRACEPARENT_HEADER = "traceparent"
BINARY_MODE_PREFIX = "ce_"

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class KafkaRecord:
    """What goes onto Kafka: key = subject, value = the JSON envelope."""

    key: bytes
    value: bytes
    headers: Headers


def encode_record(envelope: CloudEvent) -> KafkaRecord:
    """Structured-mode record for an envelope; ``traceparent`` also travels as a header."""
    headers = [(CONTENT_TYPE_HEADER, CONTENT_TYPE.encode())]
    if envelope.traceparent:
        headers.append((TRACEPARENT_HEADER, envelope.traceparent.encode()))
    return KafkaRecord(
        key=envelope.subject.encode(),
        value=envelope.model_dump_json().encode(),
        headers=headers,
    )


def structured_headers(headers: Iterable[tuple[str, bytes]]) -> Headers:
    """``headers`` without binary-mode ``ce_`` headers (older records carried two)."""
    return [(k, v) for k, v in headers if not k.lower().startswith(BINARY_MODE_PREFIX)]


def decode_record(value: bytes) -> CloudEvent:
    """The envelope in a Kafka record value; pydantic ValidationError when malformed."""
    return CloudEvent.model_validate_json(value)
