"""Acknowledged means durable: a kill -9 of MongoDB loses no acknowledged append.

SecantusDB acknowledges a transaction before its journal is on disk; killed, it loses
the last ~20 ms of them. These tests run their own on-disk server so they can kill it.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import AsyncMongoClient
from servicekit.durability import DurableUnit, ServerRestarted
from servicekit.embedded import ServerProcess, free_port, mongo_url_for, start_mongo
from servicekit.eventstore import EventStore
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyOpened

pytestmark = pytest.mark.integration


class OnDisk:
    """A SecantusDB on disk that a test may kill and restart on the same port and data."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.server: ServerProcess = self.start()

    def start(self) -> ServerProcess:
        return start_mongo(self.port, log_dir=self.root, storage_path=str(self.root / "data"))

    def kill_and_restart(self) -> None:
        os.kill(self.server.pid, signal.SIGKILL)
        assert self.server.popen is not None
        self.server.popen.wait(5)
        self.server = self.start()

    @property
    def url(self) -> str:
        return mongo_url_for(self.port)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OnDisk]:
    disk = OnDisk(tmp_path)
    yield disk
    disk.server.stop()


async def test_every_acknowledged_append_survives_a_kill(server: OnDisk) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        server.url, serverSelectionTimeoutMS=2000
    )
    store = EventStore(client["t"], SAMPLE_REGISTRY)
    await store.setup()
    acknowledged: list[str] = []

    async def append_forever() -> None:
        for i in range(1_000_000):
            await store.append(f"tally:{i}", [TallyOpened(label="x")], expected_version=0)
            acknowledged.append(f"tally:{i}")

    writer = asyncio.create_task(append_forever())
    await asyncio.sleep(1.5)
    await asyncio.to_thread(os.kill, server.server.pid, signal.SIGKILL)
    with pytest.raises(Exception):  # noqa: B017 - whichever error the dead server causes
        await asyncio.wait_for(writer, timeout=10)
    await client.close()
    await asyncio.to_thread(server.kill_and_restart)
    client = AsyncMongoClient(server.url)
    try:
        stored = await client["t"]["events"].distinct("subject")
    finally:
        await client.close()
    assert len(acknowledged) > 50, "the writer hardly got going"
    assert sorted(set(acknowledged) - set(stored)) == []


async def test_a_unit_of_work_across_a_restart_is_refused(server: OnDisk) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(server.url)
    try:
        db = client["t"]
        unit = await DurableUnit.begin(db, "test")
        await db["docs"].insert_one({"_id": 1})
        await asyncio.to_thread(server.kill_and_restart)
        await db["docs"].insert_one({"_id": 2})  # lands on the new process without an error
        with pytest.raises(ServerRestarted):
            await unit.confirm()
        again = await DurableUnit.begin(db, "test")
        await db["docs"].insert_one({"_id": 3})
        await again.confirm()  # one process throughout: durable, no error
    finally:
        await client.close()
