"""Apply batches of Kafka records to one projection, idempotently.

Per record: decode (malformed -> DLQ at once), skip if the subject's checkpoint
already holds this version, run the handler with bounded retries (still
failing -> DLQ with the error), advance the checkpoint. Infrastructure errors
(MongoDB or Kafka unreachable) are not the record's fault: they propagate so
the batch is redelivered and nothing is dead-lettered or lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from collab_events import (
    REGISTRY,
    CloudEvent,
    Event,
    EventRegistry,
    UnknownEventType,
    decode_record,
    source_of,
)
from opentelemetry import trace
from pydantic import ValidationError
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import ConnectionFailure

from servicekit.deadletters import DeadLetters, Record
from servicekit.durability import DurableUnit
from servicekit.metrics import PROJECTION_APPLIED
from servicekit.projection import EventContext, Handler, Projection, ReadModels
from servicekit.tracing import context_from, tracer
from servicekit.writebatch import WriteBatch

log = logging.getLogger(__name__)
# SecantusDB answers an ``$in`` of n ids in time growing with n squared: 500 at once take
# ~150 ms, ten queries of 50 ~30 ms.
CHECKPOINT_CHUNK = 50
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (ConnectionFailure,)


@dataclass(frozen=True, slots=True)
class Pending:
    """A decoded record and the handler that will apply it."""

    record: Record
    envelope: CloudEvent
    event: Event
    handler: Handler


@dataclass
class OpenBatch:
    """The writes queued by batched handlers and the events they belong to."""

    writes: WriteBatch = field(default_factory=WriteBatch)
    queued: list[Pending] = field(default_factory=list)


class Projector:
    """Runs one projection's handlers over record batches."""

    def __init__(
        self,
        projection: Projection,
        *,
        models: ReadModels,
        dead_letters: DeadLetters,
        registry: EventRegistry = REGISTRY,
        retries: int = 3,
        retry_backoff_s: float = 0.2,
        service: str | None = None,
    ) -> None:
        self.projection, self.models, self.dead_letters = projection, models, dead_letters
        self.registry, self.retries, self.retry_backoff_s = registry, retries, retry_backoff_s
        self.own_source = None if service is None else source_of(service)

    @property
    def checkpoints(self) -> AsyncCollection[dict[str, Any]]:
        """Per-subject applied versions (resolved each time: a rebuild moves the prefix)."""
        return self.models[self.projection.checkpoint_collection]

    async def apply_batch(self, records: Sequence[Record]) -> None:
        """Apply every record in order, then persist the advanced checkpoints."""
        unit = await self._durable_unit()
        envelopes = [self._envelope_or_none(r) for r in records]
        pendings = [
            None if e is None else await self._pending(r, e)
            for r, e in zip(records, envelopes, strict=True)
        ]
        applied = await self._load_checkpoints(self._to_deduplicate(pendings))
        advanced: dict[str, int] = {}
        batch = OpenBatch()
        for record, envelope, pending in zip(records, envelopes, pendings, strict=True):
            if envelope is None:
                await self._dead_letter(record, ValueError("not a CloudEvents envelope"))
            elif envelope.streamversion <= applied.get(envelope.subject, 0):
                PROJECTION_APPLIED.labels(self.projection.name, "duplicate").inc()
            else:
                await self._apply(pending, batch)
                applied[envelope.subject] = envelope.streamversion
                if self._needs_checkpoint(envelope, pending):
                    advanced[envelope.subject] = envelope.streamversion
        await self._send(batch)
        if advanced:
            # A checkpoint makes a redelivery skip its event: write it only once the handlers'
            # writes are durable, and let the offsets be committed only once both are.
            await unit.confirm()
            await self._save_checkpoints(advanced)
            await unit.confirm()

    def _needs_checkpoint(self, envelope: CloudEvent, pending: Pending | None) -> bool:
        """Own events always: a Consistency-Token names one (and waits for every event of
        its stream). Another service's only where a handler that is not batched needs the
        checkpoint to skip a redelivery: for the rest a checkpoint would be read by nobody.
        """
        if self.own_source is None or envelope.source == self.own_source:
            return True
        return pending is not None and not self.projection.is_batched(pending.event, envelope)

    def _to_deduplicate(self, pendings: Sequence[Pending | None]) -> set[str]:
        """Subjects whose checkpoints must be read: those with a handler that is not batched.

        A batched handler's guarded writes are no-ops on a redelivery, so its events need
        no checkpoint read (SecantusDB's cost per id read is most of a write's).
        """
        return {
            p.envelope.subject
            for p in pendings
            if p is not None and not self.projection.is_batched(p.event, p.envelope)
        }

    async def reapply(self, record: Record) -> None:
        """Run the handler for one (dead-lettered) record regardless of the checkpoint.

        The handler's own guards still decide; a record that fails again is
        dead-lettered again with its new error.
        """
        envelope = self._envelope_or_none(record)
        if envelope is None:
            await self._dead_letter(record, ValueError("not a CloudEvents envelope"))
            return
        unit = await self._durable_unit()
        await self._one_by_one(await self._pending(record, envelope))
        await unit.confirm()

    async def _durable_unit(self) -> DurableUnit:
        return await DurableUnit.begin(self.models.db, f"projection:{self.projection.name}")

    def _envelope_or_none(self, record: Record) -> CloudEvent | None:
        try:
            return decode_record(record.value or b"")
        except (ValidationError, ValueError):
            return None

    async def _pending(self, record: Record, envelope: CloudEvent) -> Pending | None:
        """The typed event and its handler; None when there is nothing to run."""
        try:
            event = self.registry.decode(envelope)
        except UnknownEventType:  # a newer producer's event this reader does not know
            PROJECTION_APPLIED.labels(self.projection.name, "ignored").inc()
            return None
        except (ValidationError, ValueError) as exc:
            await self._dead_letter(record, exc)
            return None
        handler = self.projection.handler_for(event)
        return None if handler is None else Pending(record, envelope, event, handler)

    async def _apply(self, pending: Pending | None, batch: OpenBatch) -> None:
        """Queue a batched handler's writes; run any other alone, after what came before."""
        if pending is None:
            return
        if self.projection.is_batched(pending.event, pending.envelope):
            try:
                await self._run(pending, batch.writes)
                batch.queued.append(pending)
                return
            except INFRASTRUCTURE_ERRORS:
                raise
            except Exception:
                pass
        await self._send(batch)
        await self._one_by_one(pending)

    async def _send(self, batch: OpenBatch) -> None:
        """Send the queued writes; if that fails, redo their events one at a time."""
        queued, batch.queued = batch.queued, []
        try:
            await batch.writes.flush()
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:
            log.warning("%s: batched writes failed (%s); one event at a time", self.name, exc)
            batch.writes.clear()
            for pending in queued:
                await self._one_by_one(pending)
            return
        if queued:
            PROJECTION_APPLIED.labels(self.projection.name, "applied").inc(len(queued))

    async def _one_by_one(self, pending: Pending | None) -> None:
        """Run one handler and send its writes, with bounded retries, then the DLQ."""
        if pending is None:
            return
        for attempt in range(self.retries + 1):
            writes = WriteBatch()
            try:
                await self._run(pending, writes)
                await writes.flush()
                PROJECTION_APPLIED.labels(self.projection.name, "applied").inc()
                return
            except INFRASTRUCTURE_ERRORS:
                raise
            except Exception as exc:
                if attempt == self.retries:
                    await self._dead_letter(pending.record, exc)
                    return
                log.warning("%s: attempt %d failed: %s", self.name, attempt + 1, exc)
                await asyncio.sleep(self.retry_backoff_s * (attempt + 1))

    async def _run(self, pending: Pending, writes: WriteBatch) -> None:
        envelope = pending.envelope
        parent = context_from(_header(pending.record, "traceparent") or envelope.traceparent)
        with tracer().start_as_current_span(
            f"project {self.projection.name} {envelope.type}",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            attributes={"collab.subject": envelope.subject},
        ):
            await pending.handler(pending.event, EventContext(envelope, self.models, writes))

    @property
    def name(self) -> str:
        """The projection's name (for logs)."""
        return self.projection.name

    async def _dead_letter(self, record: Record, error: BaseException) -> None:
        log.error(
            "%s: dead-lettering %s/%s/%s: %s",
            self.projection.name,
            record.topic,
            record.partition,
            record.offset,
            error,
        )
        await self.dead_letters.send(record, error, self.projection.name)
        PROJECTION_APPLIED.labels(self.projection.name, "dead_lettered").inc()

    async def _load_checkpoints(self, subjects: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        ordered = sorted(subjects)
        for i in range(0, len(ordered), CHECKPOINT_CHUNK):
            cursor = self.checkpoints.find({"_id": {"$in": ordered[i : i + CHECKPOINT_CHUNK]}})
            found.update({doc["_id"]: int(doc["v"]) async for doc in cursor})
        return found

    async def _save_checkpoints(self, advanced: dict[str, int]) -> None:
        # $max: a checkpoint never moves back, and a newer one already there is no error
        ops = [UpdateOne({"_id": s}, {"$max": {"v": v}}, upsert=True) for s, v in advanced.items()]
        await self.checkpoints.bulk_write(ops, ordered=False)


def _header(record: Record, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name and value:
            return bytes(value).decode()
    return None
