"""Outbox relay: publish stored events to Kafka in position order, then mark them.

The mark is one number: the highest published position (document
``published`` in collection ``outbox``), valid because positions become visible
in commit order. At-least-once: if the process, Kafka or MongoDB dies after a
publish and before the mark, the events are sent again on the next pass and
consumers deduplicate by ``(subject, streamversion)``. A stream's events never overtake each other:
a batch is published in position order to partitions keyed by subject, and a
failed batch is retried from its first unmarked event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from collab_events import KafkaRecord, encode_record
from collab_events.codec import TRACEPARENT_HEADER
from opentelemetry import trace

from servicekit.eventstore import EventStore, from_doc
from servicekit.lease import Lease
from servicekit.metrics import RELAY_PUBLISHED
from servicekit.tracing import context_from, current_traceparent, tracer

log = logging.getLogger(__name__)


class Producer(Protocol):
    """The part of aiokafka's producer the relay uses."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def send(
        self, topic: str, *, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[Any]: ...


class OutboxRelay:
    """Moves unpublished events from the store to the service's topic."""

    def __init__(
        self,
        *,
        store: EventStore,
        topic: str,
        lease: Lease,
        producer_factory: Callable[[], Producer],
        batch_size: int = 500,
        poll_interval_s: float = 1.0,
        watch_changes: bool = True,
    ) -> None:
        self.store, self.topic, self.lease = store, topic, lease
        self._new_producer, self.batch_size = producer_factory, batch_size
        self.poll_interval_s = poll_interval_s
        self._producer: Producer | None = None
        self._wake = asyncio.Event()
        self.watch_changes = watch_changes
        store.on_append(self._wake.set)  # appends made in this process wake it at once

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until ``stop`` is set; survives Kafka and MongoDB outages."""
        watcher = asyncio.create_task(self._watch_inserts(stop)) if self.watch_changes else None
        backoff = self.poll_interval_s
        try:
            while not stop.is_set():
                try:
                    if await self.lease.acquire():
                        await self.publish_pending()
                    backoff = self.poll_interval_s
                except Exception:
                    log.exception("relay pass failed; retrying in %.1fs", backoff)
                    await self._reset_producer()
                    await _sleep_or_stop(stop, backoff)
                    backoff = min(backoff * 2, 30.0)
                    continue
                await self._wait_for_work(stop)
        finally:
            if watcher is not None:
                watcher.cancel()
            await self._reset_producer()
            await self.lease.release()

    async def publish_pending(self) -> int:
        """Publish every unpublished event now; returns how many were marked."""
        total = 0
        while True:
            unit = await self.store.durable_unit("relay")
            if not (docs := await self.store.unpublished(self.batch_size)):
                return total
            # Only durable events go out: one the store loses in a crash after Kafka has it
            # would leave its position to a later event, and the mark would skip that one.
            await unit.confirm()
            await self._publish(docs)
            await self.store.mark_published(int(docs[-1]["position"]))
            RELAY_PUBLISHED.labels(topic=self.topic).inc(len(docs))
            total += len(docs)

    async def _publish(self, docs: list[dict[str, Any]]) -> None:
        producer = await self._producer_started()
        pending = []
        for doc in docs:
            envelope = from_doc(doc)
            with tracer().start_as_current_span(
                f"publish {envelope.type}",
                context=context_from(envelope.traceparent),
                kind=trace.SpanKind.PRODUCER,
                attributes={
                    "messaging.destination.name": self.topic,
                    "collab.subject": envelope.subject,
                },
            ):
                record = encode_record(envelope)
                pending.append(
                    await producer.send(
                        self.topic, value=record.value, key=record.key, headers=_headers(record)
                    )
                )
        await asyncio.gather(*pending)

    async def _producer_started(self) -> Producer:
        if self._producer is None:
            producer = self._new_producer()
            await producer.start()
            self._producer = producer
        return self._producer

    async def _reset_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await producer.stop()
            except Exception:
                log.warning("producer did not stop cleanly", exc_info=True)

    async def _wait_for_work(self, stop: asyncio.Event) -> None:
        """Until woken, stopped or the poll interval is over."""
        waits = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait(waits, timeout=self.poll_interval_s, return_when="FIRST_COMPLETED")
        finally:
            for wait in waits:
                wait.cancel()
        self._wake.clear()

    async def _watch_inserts(self, stop: asyncio.Event) -> None:
        """Wake the relay on every insert, also those of other processes (API replicas).

        Polling covers any gap in the stream.
        """
        while not stop.is_set():
            try:
                pipeline = [{"$match": {"operationType": "insert"}}]
                async with await self.store.events.watch(pipeline) as stream:
                    async for _ in stream:
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.info("change stream unavailable; relying on polling", exc_info=True)
                await _sleep_or_stop(stop, 5.0)


def _headers(record: KafkaRecord) -> list[tuple[str, bytes]]:
    """The codec's structured-mode headers, ``traceparent`` naming the publish span."""
    traceparent = current_traceparent()
    if traceparent is None:  # no span context: keep the stored one, never an empty header
        return record.headers
    headers = [h for h in record.headers if h[0] != TRACEPARENT_HEADER]
    return [*headers, (TRACEPARENT_HEADER, traceparent.encode())]


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
