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
from typing import Any

from collab_events import REGISTRY, CloudEvent, EventRegistry, UnknownEventType, decode_record
from opentelemetry import trace
from pydantic import ValidationError
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, ConnectionFailure

from servicekit.deadletters import DeadLetters, Record
from servicekit.durability import DurableUnit
from servicekit.metrics import PROJECTION_APPLIED
from servicekit.projection import EventContext, Projection, ReadModels
from servicekit.tracing import context_from, tracer

log = logging.getLogger(__name__)
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (ConnectionFailure,)


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
    ) -> None:
        self.projection, self.models, self.dead_letters = projection, models, dead_letters
        self.registry, self.retries, self.retry_backoff_s = registry, retries, retry_backoff_s

    @property
    def checkpoints(self) -> AsyncCollection[dict[str, Any]]:
        """Per-subject applied versions (resolved each time: a rebuild moves the prefix)."""
        return self.models[self.projection.checkpoint_collection]

    async def apply_batch(self, records: Sequence[Record]) -> None:
        """Apply every record in order, then persist the advanced checkpoints."""
        unit = await self._durable_unit()
        envelopes = [self._envelope_or_none(r) for r in records]
        subjects = {e.subject for e in envelopes if e is not None}
        applied = await self._load_checkpoints(subjects)
        advanced: dict[str, int] = {}
        for record, envelope in zip(records, envelopes, strict=True):
            if envelope is None:
                await self._dead_letter(record, ValueError("not a CloudEvents envelope"))
            elif envelope.streamversion <= applied.get(envelope.subject, 0):
                PROJECTION_APPLIED.labels(self.projection.name, "duplicate").inc()
            else:
                await self._apply(record, envelope)
                applied[envelope.subject] = advanced[envelope.subject] = envelope.streamversion
        if advanced:
            # A checkpoint makes a redelivery skip its event: write it only once the handlers'
            # writes are durable, and let the offsets be committed only once both are.
            await unit.confirm()
            await self._save_checkpoints(advanced)
            await unit.confirm()

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
        await self._apply(record, envelope)
        await unit.confirm()

    async def _durable_unit(self) -> DurableUnit:
        return await DurableUnit.begin(self.models.db, f"projection:{self.projection.name}")

    def _envelope_or_none(self, record: Record) -> CloudEvent | None:
        try:
            return decode_record(record.value or b"")
        except (ValidationError, ValueError):
            return None

    async def _apply(self, record: Record, envelope: CloudEvent) -> None:
        try:
            event = self.registry.decode(envelope)
        except UnknownEventType:  # a newer producer's event this reader does not know
            PROJECTION_APPLIED.labels(self.projection.name, "ignored").inc()
            return
        except (ValidationError, ValueError) as exc:
            await self._dead_letter(record, exc)
            return
        handler = self.projection.handler_for(event)
        if handler is None:
            return
        parent = context_from(_header(record, "traceparent") or envelope.traceparent)
        with tracer().start_as_current_span(
            f"project {self.projection.name} {envelope.type}",
            context=parent,
            kind=trace.SpanKind.CONSUMER,
            attributes={"collab.subject": envelope.subject},
        ):
            await self._run_with_retries(
                handler, event, EventContext(envelope, self.models), record
            )

    async def _run_with_retries(
        self, handler: Any, event: Any, ctx: EventContext, record: Record
    ) -> None:
        for attempt in range(self.retries + 1):
            try:
                await handler(event, ctx)
                PROJECTION_APPLIED.labels(self.projection.name, "applied").inc()
                return
            except INFRASTRUCTURE_ERRORS:
                raise
            except Exception as exc:
                if attempt == self.retries:
                    await self._dead_letter(record, exc)
                    return
                log.warning("%s: attempt %d failed: %s", self.projection.name, attempt + 1, exc)
                await asyncio.sleep(self.retry_backoff_s * (attempt + 1))

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
        if not subjects:
            return {}
        cursor = self.checkpoints.find({"_id": {"$in": sorted(subjects)}})
        return {doc["_id"]: int(doc["v"]) async for doc in cursor}

    async def _save_checkpoints(self, advanced: dict[str, int]) -> None:
        if not advanced:
            return
        ops = [
            UpdateOne({"_id": s, "v": {"$lt": v}}, {"$set": {"v": v}}, upsert=True)
            for s, v in advanced.items()
        ]
        try:
            await self.checkpoints.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:  # duplicates: a newer checkpoint already stands
            if any(err.get("code") != 11000 for err in exc.details.get("writeErrors", [])):
                raise


def _header(record: Record, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name and value:
            return bytes(value).decode()
    return None
