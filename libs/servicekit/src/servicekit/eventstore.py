"""MongoDB event store: atomic multi-stream append with optimistic concurrency.

Invariants: ``(subject, streamversion)`` is unique and gap-free per subject;
``position`` is unique and grows in commit order (the position counter is
incremented inside the append transaction, so two appends serialize on it).
The same collection is the transactional outbox: because positions become
visible in commit order, "published" is one number per service, the highest
position the relay has handed to Kafka (``outbox`` document ``published``);
an event is published exactly when its position is at or below it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from collab_events import REGISTRY, CloudEvent, EventRegistry
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from servicekit.durability import DurableUnit
from servicekit.groupcommit import GroupCommitter, PendingAppend
from servicekit.knownversions import KnownVersions
from servicekit.streams import (
    ConcurrencyError,
    EventStorePort,
    Metadata,
    RecordedEvent,
    StreamAppend,
    envelopes_for,
)

__all__ = [
    "ConcurrencyError",
    "EventStore",
    "EventStorePort",
    "Metadata",
    "RecordedEvent",
    "StreamAppend",
    "from_doc",
]

EVENTS = "events"
COUNTERS = "counters"
OUTBOX = "outbox"
DUPLICATE_KEY = 11000


class EventStore(EventStorePort):
    """The ``events`` collection of one service database."""

    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        registry: EventRegistry = REGISTRY,
        *,
        indexed_fields: Sequence[str] = (),
    ):
        self.db, self.registry, self.indexed_fields = db, registry, tuple(indexed_fields)
        self.events = db[EVENTS]
        self._committer = GroupCommitter(self._commit_batch)
        self._known = KnownVersions()
        self._on_append: list[Callable[[], None]] = []

    def on_append(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every durable append through this store object."""
        self._on_append.append(callback)

    async def setup(self) -> None:
        """Create the indexes the invariants rely on."""
        await self.events.create_index(
            [("subject", ASCENDING), ("streamversion", ASCENDING)],
            unique=True,
            name="stream_version",
        )
        await self.events.create_index([("position", ASCENDING)], unique=True, name="position")
        existing = {tuple(spec["key"].items()) async for spec in await self.events.list_indexes()}
        for name in self.indexed_fields:  # what ``streams_where`` may search by
            if ((f"data.{name}", 1),) not in existing:  # an older name for it is as good
                await self.events.create_index(f"data.{name}", name=f"data_{name}")

    async def append_streams(
        self, appends: Sequence[StreamAppend], *, metadata: Metadata | None = None
    ) -> list[CloudEvent]:
        """Append to several streams in one transaction: all or nothing."""
        metadata = metadata or Metadata()
        envelopes = envelopes_for(appends, metadata)
        if not envelopes:
            return []
        await self._committer.submit(PendingAppend(appends, envelopes))
        return envelopes

    async def _commit_batch(self, batch: list[PendingAppend]) -> None:
        """One transaction for ``batch``; each append is accepted or refused on its own."""
        outcome: dict[int, ConcurrencyError] = {}
        unit = await self.durable_unit("append")
        self._known.on_process(unit.process)
        try:
            async with self.db.client.start_session() as session:
                await session.with_transaction(lambda s: self._write(s, batch, outcome))
        except (DuplicateKeyError, ConcurrencyError) as exc:
            # Another process appended to one of these streams meanwhile.
            self._known.forget(a.subject for pending in batch for a in pending.appends)
            if len(batch) == 1:
                raise ConcurrencyError(batch[0].appends[0].subject, -1) from exc
            for pending in batch:  # isolate the loser(s): one transaction each
                try:
                    await self._commit_batch([pending])
                except ConcurrencyError as error:
                    pending.settle(error)
            return
        await unit.confirm()  # acknowledged only once durable: a server crash cannot lose it
        for i, pending in enumerate(batch):
            if i not in outcome:
                for append in pending.appends:
                    self._known.note(append.subject, append.expected_version + len(append.events))
            pending.settle(outcome.get(i))
        if len(outcome) < len(batch):
            for callback in self._on_append:
                callback()

    async def _write(
        self,
        session: AsyncClientSession,
        batch: list[PendingAppend],
        refused: dict[int, ConcurrencyError],
    ) -> None:
        refused.clear()  # the transaction callback may run again after a transient error
        versions = await self._versions([a for pending in batch for a in pending.appends], session)
        accepted: list[CloudEvent] = []
        for i, pending in enumerate(batch):
            stale = [a for a in pending.appends if versions[a.subject] != a.expected_version]
            if stale:
                refused[i] = ConcurrencyError(
                    stale[0].subject, stale[0].expected_version, versions[stale[0].subject]
                )
                continue
            for append in pending.appends:
                versions[append.subject] = append.expected_version + len(append.events)
            accepted += pending.envelopes
        if accepted:
            await self._insert(session, accepted)

    async def _insert(self, session: AsyncClientSession, envelopes: list[CloudEvent]) -> None:
        counter = await self.db[COUNTERS].find_one_and_update(
            {"_id": EVENTS},
            {"$inc": {"position": len(envelopes)}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=session,
        )
        assert counter is not None  # upsert with ReturnDocument.AFTER always returns it
        first = int(counter["position"]) - len(envelopes) + 1
        docs = [_to_doc(env, first + i) for i, env in enumerate(envelopes)]
        try:
            await self.events.insert_many(docs, ordered=True, session=session)
        except BulkWriteError as exc:  # a version taken meanwhile: a conflict, not a failure
            errors = exc.details.get("writeErrors", [])
            if errors and all(e.get("code") == DUPLICATE_KEY for e in errors):
                raise DuplicateKeyError(errors[0].get("errmsg", "duplicate key")) from exc
            raise

    async def durable_unit(self, name: str) -> DurableUnit:
        """A unit of work on this store's server (see ``servicekit.durability``)."""
        return await DurableUnit.begin(self.db, name)

    async def published_position(self) -> int:
        """The highest position the relay has handed to Kafka (0 before the first)."""
        doc = await self.db[OUTBOX].find_one({"_id": "published"})
        return int(doc["position"]) if doc else 0

    async def mark_published(self, position: int) -> None:
        """Record that every event up to ``position`` is on Kafka (never moves back)."""
        await self.db[OUTBOX].update_one(
            {"_id": "published"}, {"$max": {"position": position}}, upsert=True
        )

    async def unpublished(self, limit: int) -> list[dict[str, Any]]:
        """The next ``limit`` stored events the relay has not published, in position order.

        Read as the bounded range ``(published, published + limit]``: positions have no
        gaps (the counter moves in the appending transaction), and a server that sorts
        every match before a limit (SecantusDB) would otherwise read the whole backlog
        on every pass, ~0.7 s for 50,000 waiting events, so a relay that fell behind
        would fall further behind. An empty range with events after it (a gap that an
        older release or a manual repair left) moves the range to the next event.
        """
        after = await self.published_position()
        found = await self._positions_from(after, limit)
        if found or after >= await self.last_position():
            return found
        cursor = self.events.find(
            {"position": {"$gt": after}}, {"position": 1}, sort=[("position", ASCENDING)], limit=1
        )
        following = [int(doc["position"]) async for doc in cursor]
        return await self._positions_from(following[0] - 1, limit) if following else []

    async def _positions_from(self, after: int, limit: int) -> list[dict[str, Any]]:
        window = {"$gt": after, "$lte": after + limit}
        cursor = self.events.find({"position": window}, sort=[("position", ASCENDING)], limit=limit)
        return [doc async for doc in cursor]

    async def last_position(self) -> int:
        """The position of the last event appended (0 before the first)."""
        doc = await self.db[COUNTERS].find_one({"_id": EVENTS})
        return int(doc["position"]) if doc else 0

    async def unpublished_count(self) -> int:
        """How many stored events still wait for the relay (positions have no gaps)."""
        return max(await self.last_position() - await self.published_position(), 0)

    async def version(self, subject: str) -> int:
        """Current version of a stream (0 when it does not exist)."""
        return await self._version(subject, None)

    async def _versions(
        self, appends: list[StreamAppend], session: AsyncClientSession
    ) -> dict[str, int]:
        """Each stream's version, or a lower bound that lets the unique index decide.

        Only streams whose known bound is below an expected version are read (in one
        query): for the rest, inserting ``expected + 1`` is the check (see knownversions).
        """
        versions = {a.subject: self._known.at_least(a.subject) for a in appends}
        unknown = {a.subject for a in appends if a.expected_version > versions[a.subject]}
        if unknown:
            cursor = self.events.find(
                {"subject": {"$in": sorted(unknown)}},
                {"subject": 1, "streamversion": 1, "_id": 0},
                session=session,
            )
            async for doc in cursor:
                subject, version = doc["subject"], int(doc["streamversion"])
                versions[subject] = max(versions[subject], version)
        return versions

    async def _version(self, subject: str, session: AsyncClientSession | None) -> int:
        doc = await self.events.find_one(
            {"subject": subject},
            {"streamversion": 1},
            sort=[("streamversion", DESCENDING)],
            session=session,
        )
        version = int(doc["streamversion"]) if doc else 0
        self._known.note(subject, version)
        return version

    async def load(self, subject: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events in order, upcast to their current versions."""
        cursor = self.events.find(
            {"subject": subject, "streamversion": {"$gt": after_version}},
            sort=[("streamversion", ASCENDING)],
        )
        loaded = [self.recorded(doc) async for doc in cursor]
        if loaded:
            self._known.note(subject, loaded[-1].envelope.streamversion)
        return loaded

    async def load_prefix(self, prefix: str) -> list[RecordedEvent]:
        """Every event of the streams whose subject starts with ``prefix``, in position order."""
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # a range on the subject index
        cursor = self.events.find({"subject": {"$gte": prefix, "$lt": upper}})
        found = [self.recorded(doc) async for doc in cursor]
        return sorted(found, key=lambda r: r.position)

    async def streams_where(self, field: str, value: Any) -> list[str]:
        """The subjects of streams with an event whose payload ``field`` equals ``value``."""
        if field not in self.indexed_fields:
            raise ValueError(f"{field!r} is not an indexed field of this event store")
        cursor = self.events.find({f"data.{field}": value}, {"subject": 1})
        return list(dict.fromkeys([doc["subject"] async for doc in cursor]))

    async def redact(self, subject: str, fields: Mapping[str, str]) -> int:
        """Blank one payload field per event type in a stream: ``{event type: field}``.

        The one sanctioned rewrite of stored events (erasure of personal data).
        The field becomes an empty object; returns how many events changed.
        """
        changed = 0
        for type_, field in fields.items():
            outcome = await self.events.update_many(
                {"subject": subject, "type": type_, f"data.{field}": {"$ne": {}}},
                {"$set": {f"data.{field}": {}}},
            )
            changed += outcome.modified_count
        return changed

    def recorded(self, doc: dict[str, Any]) -> RecordedEvent:
        """Turn a stored document back into a typed event."""
        envelope = from_doc(doc)
        return RecordedEvent(
            envelope,
            self.registry.decode(envelope),
            int(doc["position"]),
        )


def _to_doc(envelope: CloudEvent, position: int) -> dict[str, Any]:
    doc = envelope.model_dump()
    doc["_id"] = doc.pop("id")
    doc["position"] = position
    return doc


def from_doc(doc: dict[str, Any]) -> CloudEvent:
    """The envelope stored in an ``events`` document."""
    fields = {k: v for k, v in doc.items() if k not in ("_id", "position", "published")}
    return CloudEvent.model_validate({**fields, "id": doc["_id"]})
