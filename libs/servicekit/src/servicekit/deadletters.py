"""Dead-letter publishing: a record that cannot be applied goes to the DLQ topic."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from collab_events import structured_headers

ERROR_HEADER = "x-collab-error"
PROJECTION_HEADER = "x-collab-projection"
ORIGIN_HEADER = "x-collab-origin"

Publish = Callable[[str, bytes, bytes | None, list[tuple[str, bytes]]], Awaitable[Any]]


class Record(Protocol):
    """The fields of a Kafka consumer record a projection needs."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Any


class DeadLetters:
    """Publishes failed records, with the error, to one dead-letter topic."""

    def __init__(self, topic: str, publish: Publish) -> None:
        self.topic, self._publish = topic, publish

    async def send(self, record: Record, error: BaseException, projection: str) -> None:
        """Publish ``record`` unchanged plus headers naming the error and its origin.

        Binary-mode ``ce_`` headers of older records are dropped, so the letter is a
        structured-mode CloudEvent that the CloudEvents SDK's Kafka reader accepts.
        """
        kept = [(k, v) for k, v in (record.headers or ()) if not k.startswith("x-collab-")]
        headers = structured_headers(kept)
        headers += [
            (ERROR_HEADER, f"{type(error).__name__}: {error}"[:2000].encode()),
            (PROJECTION_HEADER, projection.encode()),
            (ORIGIN_HEADER, f"{record.topic}/{record.partition}/{record.offset}".encode()),
        ]
        await self._publish(self.topic, record.value or b"", record.key, headers)
