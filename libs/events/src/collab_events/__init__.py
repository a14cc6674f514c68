"""Collab Hub event contracts: envelope, models, codec, upcasters, topics.

Importing this package registers every event model in ``REGISTRY``.
"""

from __future__ import annotations

# Importing each service's event module registers its contracts in REGISTRY.
from collab_events import feed, group, news, notification, polling, profile
from collab_events.base import Event, event_type, parse_event_type, schema_id
from collab_events.codec import KafkaRecord, decode_record, encode_record, structured_headers
from collab_events.envelope import CONTENT_TYPE, CloudEvent, new_envelope, source_of
from collab_events.ids import uuid7
from collab_events.registry import REGISTRY, EventRegistry, UnknownEventType
from collab_events.topics import SERVICES, dlq_topic_for, topic_for

__all__ = [
    "CONTENT_TYPE",
    "REGISTRY",
    "SERVICES",
    "CloudEvent",
    "Event",
    "EventRegistry",
    "KafkaRecord",
    "UnknownEventType",
    "decode_record",
    "dlq_topic_for",
    "encode_record",
    "event_type",
    "feed",
    "group",
    "new_envelope",
    "news",
    "notification",
    "parse_event_type",
    "polling",
    "profile",
    "schema_id",
    "source_of",
    "structured_headers",
    "topic_for",
    "uuid7",
]
