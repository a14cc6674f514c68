"""Cross-topic order and redelivery do not matter: every interleaving ends in one state.

The reference is a rebuild: all events replayed stream by stream into fresh collections.
Each seeded shuffle keeps every stream's own order (Kafka keeps it per key) but mixes the
streams, splits them into batches and redelivers some records.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRemoved,
    GroupSettingsChanged,
)
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeFollowed,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeUnfollowed,
    ProfileFields,
)
from collab_replicas import Collections, groups_projection
from collab_replicas.testing import Driver, History, Record
from servicekit.projection import ReadModels

pytestmark = pytest.mark.integration
PEOPLE = [f"p{i}" for i in range(6)]
SEEDS = [1, 2, 3, 4]  # bounded: four interleavings of one history


def build(history: History) -> None:
    """People who change, leave, come back and are erased; groups and follows around them."""
    for i, p in enumerate(PEOPLE):
        history.register(p, user_name=f"User{i}", display_name=f"Person {i}", department="Ops")
    history.person(
        "p1", EmployeeProfileUpdated(employee_id="p1", changes=ProfileFields(department="Data"))
    )
    history.person("p2", EmployeeDeactivated(employee_id="p2"))
    history.person("p3", EmployeeDeactivated(employee_id="p3"))
    history.person("p3", EmployeeReactivated(employee_id="p3"))
    history.person("p4", EmployeeErased(employee_id="p4"))
    for g in ("g1", "g2"):
        history.group(g, GroupCreated(group_id=g, title=g, visibility="private", owner_id="p0"))
        for p in PEOPLE:
            history.member(g, p, GroupMemberJoined(group_id=g, employee_id=p))
    history.member("g1", "p5", GroupMemberLeft(group_id="g1", employee_id="p5"))
    history.member("g2", "p4", GroupMemberRemoved(group_id="g2", employee_id="p4", reason="erased"))
    history.group("g2", GroupArchived(group_id="g2"))
    history.group("g1", GroupSettingsChanged(group_id="g1", title="G one"))
    for a, b in (("p1", "p0"), ("p2", "p0"), ("p4", "p0"), ("p0", "p4"), ("p5", "p3")):
        history.follow(a, b, EmployeeFollowed(follower_id=a, followee_id=b))
    history.follow("p5", "p3", EmployeeUnfollowed(follower_id="p5", followee_id="p3"))


def interleave(records: list[Record], seed: int) -> list[list[Record]]:
    """Streams mixed at random (each in its own order), in random batches, some twice."""
    rng = random.Random(seed)
    streams: dict[bytes | None, list[Record]] = {}
    for rec in records:
        streams.setdefault(rec.key, []).append(rec)
    queues = list(streams.values())
    mixed: list[Record] = []
    while queues:
        queue = rng.choice(queues)
        mixed.append(queue.pop(0))
        if rng.random() < 0.2:
            mixed.append(rng.choice(mixed))  # a redelivery (the checkpoint skips or guards)
        queues = [q for q in queues if q]
    cuts = sorted(rng.sample(range(1, len(mixed)), 5))
    return [mixed[a:b] for a, b in zip([0, *cuts], [*cuts, len(mixed)], strict=True)]


def stripped(docs: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {name: [dict(d) for d in rows] for name, rows in docs.items()}


@pytest.mark.parametrize("seed", SEEDS)
async def test_any_interleaving_equals_a_rebuild(mongo_db, seed: int) -> None:
    history = History()
    build(history)
    projection = groups_projection(collections=Collections())
    rebuilt = await Driver(projection, ReadModels(mongo_db, "rebuild_")).setup()
    by_stream = sorted(history.records, key=lambda r: (r.key or b"", r.offset))
    await rebuilt.apply(*by_stream)
    live = await Driver(projection, ReadModels(mongo_db, "live_")).setup()
    for batch in interleave(history.records, seed):
        await live.apply(*batch)
    assert stripped(await live.documents()) == stripped(await rebuilt.documents())
    members = [e async for e in live.query.groups.active_member_ids("g1")]
    assert members == ["p0", "p1", "p3"]  # p2 deactivated, p4 erased, p5 left
    followers = [f async for f in live.query.follows.followers_of("p0")]
    assert followers == ["p1"]
