"""The CloudEvents 1.0 envelope (structured JSON mode) every event travels in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from collab_events.base import Event, schema_id
from collab_events.ids import uuid7

CONTENT_TYPE = "application/cloudevents+json"


class CloudEvent(BaseModel):
    """One event on the wire and in the event store (``data`` is the raw payload)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=400)
    time: datetime
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    data: dict[str, Any]
    streamversion: int = Field(ge=1)
    correlationid: str
    causationid: str | None = None
    actorid: str | None = None
    traceparent: str | None = None

    @field_validator("time")
    @classmethod
    def _time_in_utc(cls, value: datetime) -> datetime:
        # BSON datetimes are UTC; a client that is not tz_aware hands them back naive,
        # and a timestamp without offset is not the RFC 3339 time CloudEvents requires.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def source_of(service: str) -> str:
    """The CloudEvents ``source`` of every event a service appends."""
    return f"/collab/{service}"


def new_envelope(
    event: Event,
    *,
    subject: str,
    streamversion: int,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    actor_id: str | None = None,
    traceparent: str | None = None,
) -> CloudEvent:
    """Wrap a payload for appending as version ``streamversion`` of ``subject``."""
    event_id = uuid7()
    type_ = event.type()
    return CloudEvent(
        id=event_id,
        type=type_,
        source=source_of(event.service),
        subject=subject,
        time=datetime.now(UTC),
        dataschema=schema_id(type_),
        data=event.model_dump(mode="json"),
        streamversion=streamversion,
        correlationid=correlation_id or event_id,
        causationid=causation_id,
        actorid=actor_id,
        traceparent=traceparent,
    )
