"""The ``members`` projection with the people replica mounted, driven record by record.

Profile and group events come from different topics in any order: memberships before
the person, an erasure before the membership events of that person.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from collab_events.group import GroupCreated, GroupMemberInvited, GroupMemberJoined
from collab_events.profile import EmployeeDeactivated, EmployeeErased, EmployeeReactivated
from collab_replicas import register_people
from collab_replicas.testing import Driver, History
from group_service.projections import MEMBERS_PROJECTION
from group_service.projections.counts import member_counts
from group_service.queries.members import people_by_id
from servicekit.projection import ReadModels

pytestmark = pytest.mark.integration


@pytest.fixture
async def members(mongo_db) -> Driver:
    return await Driver(MEMBERS_PROJECTION, ReadModels(mongo_db)).setup()


def join(history: History, group_id: str, employee_id: str):
    event = GroupMemberJoined(group_id=group_id, employee_id=employee_id)
    return history.member(group_id, employee_id, event)


async def count(members: Driver, group_id: str = "g") -> int:
    return (await member_counts(members.models, [group_id]))[group_id]


async def test_membership_before_person_counts_and_follows_status(members) -> None:
    history = History()
    await members.apply(join(history, "g", "ana"), join(history, "g", "bo"))
    assert await count(members) == 2  # unknown people count as active
    await members.apply(history.register("ana", display_name="Ana", department="Ops"))
    facts = (await people_by_id(members.models, ["ana"]))["ana"]
    assert (facts.name, facts.department) == ("Ana", "Ops")
    await members.apply(history.person("ana", EmployeeDeactivated(employee_id="ana")))
    assert await count(members) == 1
    await members.apply(history.person("ana", EmployeeReactivated(employee_id="ana")))
    assert await count(members) == 2


async def test_erasure_before_membership_leaves_nothing(members, mongo_db) -> None:
    history = History()
    await members.apply(
        history.register("cem", display_name="Cem Yilmaz"),
        history.person("cem", EmployeeErased(employee_id="cem")),
    )
    await members.apply(
        history.group("g", GroupCreated(group_id="g", title="G", owner_id="own")),
        history.member(
            "g", "cem", GroupMemberInvited(group_id="g", employee_id="cem", invited_by="own")
        ),
        join(history, "g", "cem"),
        join(history, "g", "own"),
    )
    assert await mongo_db["memberships"].count_documents({"employee_id": "cem"}) == 0
    assert await count(members) == 1
    tombstone = await mongo_db["people"].find_one({"_id": "cem"})
    assert "display_name" not in tombstone and tombstone["erased"] is True


def test_the_replica_refuses_a_second_handler_of_its_events() -> None:
    copy = replace(MEMBERS_PROJECTION, handlers=dict(MEMBERS_PROJECTION.handlers), setups=[])
    with pytest.raises(ValueError, match="EmployeeRegistered is handled already"):
        register_people(copy)
