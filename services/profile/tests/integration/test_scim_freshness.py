"""SCIM reads against a directory that lags behind the event store (worker down or slow).

No worker runs here: events are appended to a real event store, and the test
plays the worker by applying the stored events to the directory when it wants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from collab_events import encode_record
from profile_service.domain import employee
from profile_service.projections import DIRECTORY
from profile_service.queries import freshness
from profile_service.queries.scim_users import NotYetConsistent, find_users, page_users
from servicekit.deadletters import DeadLetters
from servicekit.eventstore import EventStore, from_doc
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
    worker = Projector(DIRECTORY, models=models, dead_letters=DeadLetters("dlq", no_dead_letters))
    return store, models, worker


async def catch_up(store: EventStore, worker: Projector) -> None:
    """Play the worker: apply every stored event to the directory."""
    docs = [doc async for doc in store.events.find({}, sort=[("position", 1)])]
    records = [encode_record(from_doc(doc)) for doc in docs]
    await worker.apply_batch(
        [Rec(r.value, r.key, i, headers=r.headers) for i, r in enumerate(records)]
    )


async def command(store: EventStore, employee_id: str, decide: Any) -> None:
    state, version = await _state(store, employee_id)
    await store.append(employee.subject(employee_id), decide(state), expected_version=version)


async def _state(store: EventStore, employee_id: str) -> tuple[employee.Employee, int]:
    state, version = employee.Employee(employee_id), 0
    for recorded in await store.load(employee.subject(employee_id)):
        state, version = employee.evolve(state, recorded.event), recorded.envelope.streamversion
    return state, version


def register(user_name: str, external_id: str) -> Any:
    profile = {"user_name": user_name, "external_id": external_id}
    return lambda state: employee.decide_register(state, profile=profile)


async def ids(store, models, attribute: str, value: str) -> list[str]:
    return [row.employee_id for row in await find_users(store, models, attribute, value, 1.0)]


async def test_filters_see_writes_the_directory_has_not_applied(world) -> None:
    store, models, worker = world
    await command(store, "e1", register("Ana@Example.com", "x-1"))
    await command(store, "e2", register("bob@example.com", "x-2"))
    assert await ids(store, models, "userName", "ana@example.COM") == ["e1"]
    assert await ids(store, models, "externalId", "x-2") == ["e2"]
    assert await ids(store, models, "id", "e2") == ["e2"]
    with pytest.raises(NotYetConsistent):  # a full list waits for the directory, bounded
        await page_users(store, models, 0, 10, timeout_s=0.1)

    await catch_up(store, worker)
    total, rows = await page_users(store, models, 0, 10, timeout_s=0.1)
    assert total == 2 and [r.employee_id for r in rows] == ["e1", "e2"]
    assert await freshness.unapplied(store, models, await freshness.head(store)) == (
        freshness.Unapplied()
    )

    rename = {"user_name": "anna@example.com"}
    await command(store, "e1", lambda s: employee.decide_update(s, changes=rename))
    await command(store, "e2", employee.decide_deprovision)
    assert await ids(store, models, "userName", "ana@example.com") == []  # stale row corrected
    assert await ids(store, models, "userName", "ANNA@example.com") == ["e1"]
    assert await ids(store, models, "externalId", "x-2") == []  # deleted, not yet applied
    await catch_up(store, worker)
    assert await ids(store, models, "userName", "anna@example.com") == ["e1"]
    total, rows = await page_users(store, models, 0, 10, timeout_s=0.1)
    assert total == 1 and [r.employee_id for r in rows] == ["e1"]


async def test_a_far_behind_directory_makes_filters_wait_not_guess(world) -> None:
    store, models, worker = world
    for i in range(freshness.MAX_PENDING + 5):
        await command(store, f"p{i}", register(f"p{i}@example.com", f"x{i}"))
    missing = await freshness.unapplied(store, models, await freshness.head(store))
    assert not missing.complete
    with pytest.raises(NotYetConsistent):
        await find_users(store, models, "userName", "p1@example.com", 0.1)
    await catch_up(store, worker)
    assert await ids(store, models, "userName", "p1@example.com") == ["p1"]
    mark = await models[freshness.WATERMARKS].find_one({})
    assert mark is not None and mark["position"] == await freshness.head(store)
