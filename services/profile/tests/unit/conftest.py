"""Fakes of the profile service's own ports: the command path without any server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest
from collab_events import CloudEvent
from profile_service.ports import Ports
from profile_service.registries.memory import InMemoryAcknowledgements, InMemoryClaims
from servicekit.memorystore import InMemoryEventStore
from servicekit.streams import ConcurrencyError, Metadata, RecordedEvent, StreamAppend


class NoReadModels:
    """Employee commands read no read model: any use of one is a test failure."""

    def __getitem__(self, name: str) -> Any:
        raise AssertionError(f"the command path read the read model {name!r}")


class ScriptedStore(InMemoryEventStore):
    """The in-memory store, plus what concurrency looks like in a test.

    ``meanwhile`` runs once before the next append (another writer got there
    first); ``interleave`` makes every load yield, so concurrent commands all
    load before any appends. ``conflicts`` counts the appends refused.
    """

    def __init__(self) -> None:
        super().__init__()
        self.meanwhile: list[Callable[[], Awaitable[Any]]] = []
        self.interleave = False
        self.conflicts = 0

    async def load(self, subject: str, after_version: int = 0) -> list[RecordedEvent]:
        loaded = await super().load(subject, after_version)
        if self.interleave:
            await asyncio.sleep(0)
        return loaded

    async def append_streams(
        self, appends: Sequence[StreamAppend], *, metadata: Metadata | None = None
    ) -> list[CloudEvent]:
        if self.meanwhile:
            await self.meanwhile.pop()()
        try:
            return await super().append_streams(appends, metadata=metadata)
        except ConcurrencyError:
            self.conflicts += 1
            raise


@pytest.fixture
def store() -> ScriptedStore:
    return ScriptedStore()


@pytest.fixture
def ports(store: ScriptedStore) -> Ports:
    """Ports on fakes: in-memory event store, claims and acknowledged writes."""
    return Ports(store, NoReadModels(), InMemoryClaims(), InMemoryAcknowledgements())  # type: ignore[arg-type]
