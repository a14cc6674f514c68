"""Erasure is handled once, in the replicas: nothing personal left, nothing resurrected."""

from __future__ import annotations

import pytest
from collab_events.group import GroupCreated, GroupMemberInvited, GroupMemberJoined
from collab_events.profile import EmployeeErased, EmployeeFollowed

pytestmark = pytest.mark.integration
# Employee ids are not personal data (ARCHITECTURE §3); names, handles and places are.
PERSONAL = ("Yilmaz", "cem.yilmaz", "Cem", "Kreuzberg", "https://photos/cem")


async def personal_traces(db) -> list[str]:
    """Every document in the database that still holds one of the PERSONAL strings."""
    found = []
    for name in await db.list_collection_names():
        async for doc in db[name].find({}):
            if any(s.lower() in repr(doc).lower() for s in PERSONAL):
                found.append(f"{name}: {doc}")
    return found


def register_cem(history):
    return history.register(
        "e77",
        user_name="Cem.Yilmaz@example.com",
        email="cem.yilmaz@example.com",
        display_name="Cem Yilmaz",
        given_name="Cem",
        family_name="Yilmaz",
        location="Kreuzberg",
        photo_url="https://photos/cem",
    )


async def test_erasure_leaves_no_personal_data_in_any_collection(
    replica, history, mongo_db
) -> None:
    await replica.apply(
        register_cem(history),
        history.register("ana", display_name="Ana"),
        history.group("g", GroupCreated(group_id="g", title="Guild", owner_id="ana")),
        history.member("g", "e77", GroupMemberJoined(group_id="g", employee_id="e77")),
        history.follow("e77", "ana", EmployeeFollowed(follower_id="e77", followee_id="ana")),
        history.follow("ana", "e77", EmployeeFollowed(follower_id="ana", followee_id="e77")),
    )
    assert await personal_traces(mongo_db)  # the scan does see them before the erasure
    await replica.apply(history.person("e77", EmployeeErased(employee_id="e77")))
    assert await personal_traces(mongo_db) == []
    for name in ("memberships", "follows"):
        docs = await mongo_db[name].find({}).to_list(None)
        assert not [
            d
            for d in docs
            if "e77" in (d.get("employee_id"), d.get("follower_id"), d.get("followee_id"))
        ]
    assert await replica.query.people.by_user_name("cem.yilmaz@example.com") is None


async def test_erasure_before_membership_and_follow_does_not_resurrect(replica, history) -> None:
    # The profile topic is ahead: the erasure is applied before the other streams' events.
    await replica.apply(
        register_cem(history), history.person("e77", EmployeeErased(employee_id="e77"))
    )
    late = [
        history.group("g", GroupCreated(group_id="g", title="Guild", owner_id="ana")),
        history.member(
            "g", "e77", GroupMemberInvited(group_id="g", employee_id="e77", invited_by="ana")
        ),
        history.member("g", "e77", GroupMemberJoined(group_id="g", employee_id="e77")),
        history.follow("e77", "ana", EmployeeFollowed(follower_id="e77", followee_id="ana")),
        history.follow("ana", "e77", EmployeeFollowed(follower_id="ana", followee_id="e77")),
    ]
    await replica.apply(*late)
    await replica.models[replica.projection.checkpoint_collection].delete_many({})
    await replica.apply(*late)  # redelivered: still nothing
    assert await replica.models["memberships"].count_documents({}) == 0
    assert await replica.models["follows"].count_documents({}) == 0
    assert [e async for e in replica.query.groups.active_member_ids("g")] == []
    assert not await replica.query.follows.is_following("ana", "e77")
    assert not await replica.query.groups.can_read("g", "e77")
