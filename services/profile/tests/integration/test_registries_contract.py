"""Registry contract: the MongoDB registries and their in-memory fakes behave the same."""

from __future__ import annotations

import pytest
from profile_service.domain.employee import Employee
from profile_service.domain.errors import UserNameTaken
from profile_service.registries.acknowledged import AcknowledgedWrites, lookup_key
from profile_service.registries.claims import UserNameClaims
from profile_service.registries.memory import InMemoryAcknowledgements, InMemoryClaims

pytestmark = pytest.mark.integration


async def nobody_holds(employee_id: str, key: str) -> bool:
    return False


@pytest.fixture(params=["mongo", "memory"])
async def claims(request, mongo_db):
    if request.param == "memory":
        return InMemoryClaims()
    # A long grace: a claim is never stale in this contract (the takeover is MongoDB's alone).
    registry = UserNameClaims(mongo_db, nobody_holds, grace_s=3600)
    await registry.setup()
    return registry


@pytest.fixture(params=["mongo", "memory"])
async def acknowledged(request, mongo_db):
    registry = InMemoryAcknowledgements() if request.param == "memory" else None
    registry = registry or AcknowledgedWrites(mongo_db)
    await registry.setup()
    return registry


async def test_a_claim_is_one_employees_case_insensitively(claims) -> None:
    assert await claims.claim("Ana@Example.com", "e1") is True
    assert await claims.claim("ana@example.com", "e1") is False  # already hers
    with pytest.raises(UserNameTaken):
        await claims.claim("ANA@example.com", "e2")
    assert (await claims.of_employee("e1"))["employee_id"] == "e1"
    await claims.release("ana@example.com", "e2")  # not e2's to release
    with pytest.raises(UserNameTaken):
        await claims.claim("ana@example.com", "e2")
    await claims.release("ana@EXAMPLE.com", "e1")
    assert await claims.of_employee("e1") is None
    assert await claims.claim("ana@example.com", "e2") is True


async def test_release_all_frees_every_name_of_one_employee(claims) -> None:
    for name in ("a@x.org", "b@x.org"):
        await claims.claim(name, "e1")
    await claims.claim("c@x.org", "e2")
    await claims.release_all("e1")
    assert await claims.of_employee("e1") is None
    assert await claims.claim("a@x.org", "e3") is True
    assert (await claims.of_employee("e2"))["employee_id"] == "e2"


def person(employee_id: str, user_name: str, **state: object) -> Employee:
    profile = {"user_name": user_name, "external_id": f"x-{employee_id}"}
    return Employee(employee_id, registered=True, active=True, profile=profile, **state)


async def test_entries_keep_the_highest_version_and_every_key(acknowledged) -> None:
    await acknowledged.record(person("e1", "Old@x.org"), 2)
    await acknowledged.record(person("e1", "new@x.org"), 1)  # a slower, older write
    await acknowledged.record(person("e2", "b@x.org"), 1)
    for key in (lookup_key("userName", "OLD@x.org"), lookup_key("userName", "new@X.org")):
        assert [(d["_id"], d["v"]) for d in await acknowledged.having_key(key)] == [("e1", 2)]
    assert [d["_id"] for d in await acknowledged.having_key(lookup_key("externalId", "x-e2"))] == [
        "e2"
    ]
    assert [(d["_id"], d["v"]) for d in await acknowledged.after("", 10)] == [("e1", 2), ("e2", 1)]
    assert [d["_id"] for d in await acknowledged.after("e1", 10)] == ["e2"]
    await acknowledged.forget({"e1": 1, "e2": 1})  # e1 has a newer write: stays
    assert [d["_id"] for d in await acknowledged.after("", 10)] == ["e1"]


async def test_erasure_empties_the_keys(acknowledged) -> None:
    await acknowledged.record(person("e9", "gone@x.org"), 1)
    await acknowledged.record(Employee("e9", registered=True, erased=True), 2)
    assert await acknowledged.having_key(lookup_key("userName", "gone@x.org")) == []
    assert [(d["_id"], d["v"]) for d in await acknowledged.after("", 10)] == [("e9", 2)]


async def test_many_claims_at_once_answer_as_single_claims(claims) -> None:
    assert await claims.claim("held@example.com", "e1") is True
    outcomes = await claims.claim_many(
        [
            ("new@example.com", "e2"),
            ("HELD@example.com", "e3"),
            ("held@example.com", "e1"),
            ("twice@example.com", "e4"),
            ("Twice@example.com", "e5"),
        ]
    )
    assert outcomes[0] is True and outcomes[2] is False and outcomes[3] is True
    assert isinstance(outcomes[1], UserNameTaken) and isinstance(outcomes[4], UserNameTaken)
    assert await claims.claim_many([]) == []
    assert (await claims.of_employee("e2"))["_id"] == "new@example.com"
    assert await claims.of_employee("e3") is None and await claims.of_employee("e5") is None


async def test_many_writes_recorded_at_once_as_one_by_one(acknowledged) -> None:
    ana = Employee("e1", registered=True, active=True, profile={"user_name": "Ana"})
    bo = Employee("e2", registered=True, active=True, profile={"user_name": "Bo"})
    await acknowledged.record_many([(ana, 1), (bo, 2)])
    await acknowledged.record_many([])
    assert [d["_id"] for d in await acknowledged.having_key(lookup_key("userName", "ana"))] == [
        "e1"
    ]
    assert [(d["_id"], d["v"]) for d in await acknowledged.after("", 10)] == [("e1", 1), ("e2", 2)]
    renamed = Employee("e1", registered=True, active=True, profile={"user_name": "Anna"})
    carl = Employee("e3", registered=True, active=True, profile={"user_name": "Carl"})
    await acknowledged.record_many([(carl, 1), (renamed, 3), (bo, 1)])  # e1, e2 exist: updated
    entries = await acknowledged.after("", 10)
    assert [(d["_id"], d["v"]) for d in entries] == [("e1", 3), ("e2", 2), ("e3", 1)]
    for name, holder in (("ana", "e1"), ("anna", "e1"), ("carl", "e3")):
        assert [d["_id"] for d in await acknowledged.having_key(lookup_key("userName", name))] == [
            holder
        ]
