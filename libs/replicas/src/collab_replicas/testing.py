"""Test helpers: records built from event contracts, a projection driven by them.

For the tests of this library and of services that mount replicas: no Kafka needed, the
projector applies the records straight to a real MongoDB database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.profile import EmployeeRegistered, ProfileFields
from servicekit.deadletters import DeadLetters
from servicekit.projection import Projection, ReadModels
from servicekit.projector import Projector

from collab_replicas.names import Collections
from collab_replicas.replicas import Replicas

Doc = dict[str, Any]


@dataclass
class Record:
    """A consumer record as the projector sees it."""

    value: bytes | None
    key: bytes | None
    offset: int
    topic: str
    partition: int = 0
    headers: list[tuple[str, bytes]] = field(default_factory=list)


class History:
    """Events per stream with consecutive versions, kept as records for replays."""

    def __init__(self) -> None:
        self.versions: dict[str, int] = defaultdict(int)
        self.records: list[Record] = []

    def add(self, subject: str, event: Event) -> Record:
        """The next version of ``subject``."""
        self.versions[subject] += 1
        envelope = new_envelope(event, subject=subject, streamversion=self.versions[subject])
        encoded = encode_record(envelope)
        record = Record(encoded.value, encoded.key, len(self.records), topic_for(event.service))
        self.records.append(record)
        return record

    def person(self, employee_id: str, event: Event) -> Record:
        """An event of ``employee:<id>``."""
        return self.add(f"employee:{employee_id}", event)

    def register(self, employee_id: str, **profile: Any) -> Record:
        """EmployeeRegistered with the given profile fields."""
        fields = ProfileFields(**profile)
        return self.person(employee_id, EmployeeRegistered(employee_id=employee_id, profile=fields))

    def follow(self, follower: str, followee: str, event: Event) -> Record:
        """An event of ``follow:<follower>/<followee>``."""
        return self.add(f"follow:{follower}/{followee}", event)

    def group(self, group_id: str, event: Event) -> Record:
        """An event of ``group:<g>``."""
        return self.add(f"group:{group_id}", event)

    def member(self, group_id: str, employee_id: str, event: Event) -> Record:
        """An event of ``group:<g>/member:<e>``."""
        return self.add(f"group:{group_id}/member:{employee_id}", event)


class Driver:
    """One projection over a MongoDB database (prefix optional), fed record batches."""

    def __init__(
        self, projection: Projection, models: ReadModels, collections: Collections = Collections()
    ) -> None:
        self.projection, self.models = projection, models
        self.letters: list[tuple[bytes, Any]] = []

        async def collect(topic: str, value: bytes, key: bytes | None, headers: Any) -> None:
            self.letters.append((value, headers))

        self.projector = Projector(
            projection,
            models=models,
            dead_letters=DeadLetters("collab.test.dlq.v1", collect),
            retries=0,
        )
        self.query = Replicas(models, collections)

    async def setup(self) -> Driver:
        """Create the projection's indexes."""
        for create in self.projection.setups:
            await create(self.models)
        return self

    async def apply(self, *records: Record) -> None:
        """Apply one batch; AssertionError when anything was dead-lettered."""
        await self.projector.apply_batch(list(records))
        if self.letters:
            raise AssertionError(f"dead-lettered: {self.letters}")

    async def documents(self) -> dict[str, list[Doc]]:
        """Every collection of the projection, each sorted by ``_id``."""
        out = {}
        for name in self.projection.collections:
            out[name] = await self.models[name].find({}).sort("_id", 1).to_list(None)
        return out
