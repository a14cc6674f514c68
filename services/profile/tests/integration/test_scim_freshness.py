"""SCIM reads against a directory that lags behind the event store (worker down or slow).

No worker runs here: commands run through the real command handlers against a
real event store, and the test plays the worker by applying the stored events
to the directory when it wants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from unittest.mock import ANY

import pytest
from collab_events import encode_record
from profile_service.domain import employee
from profile_service.handlers import employees as handlers
from profile_service.handlers.privacy import erase_employee
from profile_service.ports import Ports, build_ports
from profile_service.projections import DIRECTORY
from profile_service.queries.scim_users import NotYetConsistent, find_users, page_users
from profile_service.registries.acknowledged import lookup_key
from servicekit.deadletters import DeadLetters
from servicekit.eventstore import EventStore
from servicekit.projection import ReadModels
from servicekit.projector import Projector

pytestmark = pytest.mark.integration


@dataclass
class Rec:
    """A consumer record as the projector sees it."""

    value: bytes
    key: bytes
    offset: int
    topic: str = "collab.profile.v1"
    partition: int = 0
    headers: list[tuple[str, bytes]] = field(default_factory=list)


async def no_dead_letters(*_: Any) -> None:
    raise AssertionError("nothing may be dead-lettered")


@pytest.fixture
async def world(mongo_db):
    store, models = EventStore(mongo_db), ReadModels(mongo_db)
    await store.setup()
    for setup in DIRECTORY.setups:
        await setup(models)
    ports = build_ports(store, models, mongo_db)
    await ports.acknowledged.setup()
    worker = Projector(DIRECTORY, models=models, dead_letters=DeadLetters("dlq", no_dead_letters))
    return ports, worker


async def catch_up(ports: Ports, worker: Projector) -> None:
    """Play the worker: apply every stored event to the directory."""
    recorded = await ports.store.load_prefix("employee:")
    records = [encode_record(r.envelope) for r in recorded]
    await worker.apply_batch(
        [Rec(r.value, r.key, i, headers=r.headers) for i, r in enumerate(records)]
    )


async def register(ports: Ports, employee_id: str, user_name: str, external_id: str) -> None:
    profile = {"user_name": user_name, "external_id": external_id}
    await handlers.register_employee(ports, employee_id=employee_id, profile=profile, actor="idp")


async def ids(ports: Ports, attribute: str, value: str) -> list[str]:
    return [row.employee_id for row in await find_users(ports, attribute, value)]


async def test_filters_see_writes_the_directory_has_not_applied(world) -> None:
    ports, worker = world
    await register(ports, "e1", "Ana@Example.com", "x-1")
    await register(ports, "e2", "bob@example.com", "x-2")
    assert await ids(ports, "userName", "ana@example.COM") == ["e1"]
    assert await ids(ports, "externalId", "x-2") == ["e2"]
    assert await ids(ports, "id", "e2") == ["e2"]
    with pytest.raises(NotYetConsistent):  # a full list waits for the directory, bounded
        await page_users(ports, 0, 10, timeout_s=0.1)

    await catch_up(ports, worker)
    total, rows = await page_users(ports, 0, 10, timeout_s=0.1)
    assert total == 2 and [r.employee_id for r in rows] == ["e1", "e2"]
    assert await ports.acknowledged.after("", 10) == []  # applied: forgotten

    rename = {"user_name": "anna@example.com"}
    await handlers.update_profile(ports, "e1", changes=rename, actor="idp", expected=None)
    await handlers.deprovision_employee(ports, "e2", actor="idp", expected=None)
    assert await ids(ports, "userName", "ana@example.com") == []  # stale row corrected
    assert await ids(ports, "userName", "ANNA@example.com") == ["e1"]
    assert await ids(ports, "externalId", "x-2") == []  # deleted, not yet applied
    await ports.acknowledged.collection.delete_many({})  # without any entry, a stale row
    assert await ids(ports, "userName", "ana@example.com") == []  # is still seen to be old
    await catch_up(ports, worker)
    assert await ids(ports, "userName", "anna@example.com") == ["e1"]
    total, rows = await page_users(ports, 0, 10, timeout_s=0.1)
    assert total == 1 and [r.employee_id for r in rows] == ["e1"]


async def test_a_write_applied_before_it_was_recorded_is_forgotten(world) -> None:
    ports, worker = world
    await register(ports, "e3", "c@example.com", "x-3")
    await catch_up(ports, worker)
    await ports.acknowledged.record(employee.Employee("e3", registered=True), 1)  # late
    assert await ids(ports, "userName", "c@example.com") == ["e3"]
    assert await page_users(ports, 0, 10, timeout_s=0.1) == (1, ANY)
    assert await ports.acknowledged.after("", 10) == []


async def test_erasure_empties_the_lookup_keys(world) -> None:
    ports, _ = world
    await register(ports, "e4", "d@example.com", "x-4")
    assert await ports.acknowledged.having_key(lookup_key("userName", "D@example.com"))
    await erase_employee(ports, "e4", actor="idp")
    entry = await ports.acknowledged.collection.find_one({"_id": "e4"})
    assert entry is not None and entry["keys"] == []
