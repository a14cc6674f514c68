"""Reactions to profile events: names in member lists, deactivation, erasure, owner continuity."""

from __future__ import annotations

import pytest
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
    ProfileFields,
)
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration


async def register(profiles, employee_id: str, name: str) -> None:
    given, family = name.split()
    await profiles.publish(
        employee_id,
        EmployeeRegistered(
            employee_id=employee_id,
            profile=ProfileFields(
                given_name=given,
                family_name=family,
                display_name=name,
                job_title="Engineer",
                department="Platform",
                email=f"{given.lower()}@example.com",
            ),
        ),
    )


async def members_of(api, group_id: str, who: str) -> dict[str, dict]:
    page = await api.call("GET", f"/v1/groups/{group_id}/members", who)
    if page.status_code == 404:  # not projected yet
        return {}
    assert page.status_code == 200, page.text
    return {m["employee_id"]: m for m in page.json()["items"]}


async def count_of(api, group_id: str, who: str) -> int:
    return (await api.call("GET", f"/v1/groups/{group_id}", who)).json()["member_count"]


async def test_names_follow_profile_events(api, ids, profiles) -> None:
    owner, ana = ids(), ids()
    await register(profiles, ana, "Ana Müller")
    group_id, _ = await api.create_group(owner)
    await api.call("PUT", f"/v1/groups/{group_id}/members/me", ana)

    async def shows(name: str | None) -> bool:
        member = (await members_of(api, group_id, owner)).get(ana)
        return member is not None and member["name"] == name

    await eventually(lambda: shows("Ana Müller"))
    member = (await members_of(api, group_id, owner))[ana]
    assert (member["job_title"], member["department"]) == ("Engineer", "Platform")
    await profiles.publish(
        ana,
        EmployeeProfileUpdated(
            employee_id=ana,
            changes=ProfileFields(display_name="Ana Schmidt"),
            cleared=["department"],
        ),
    )
    await eventually(lambda: shows("Ana Schmidt"))
    assert (await members_of(api, group_id, owner))[ana]["department"] is None


async def test_deactivation_hides_and_reactivation_restores(api, ids, profiles) -> None:
    owner, bea = ids(), ids()
    await register(profiles, bea, "Bea Berg")
    group_id, _ = await api.create_group(owner)
    joined = await api.call("PUT", f"/v1/groups/{group_id}/members/me", bea)
    assert (
        await api.call(
            "GET", f"/v1/groups/{group_id}", owner, token=joined.headers["consistency-token"]
        )
    ).json()["member_count"] == 2
    await profiles.publish(bea, EmployeeDeactivated(employee_id=bea))
    await eventually(lambda: _absent(api, group_id, owner, bea))
    # the count is its own read model, written after the member list: wait for it too
    await eventually(lambda: _count_is(api, group_id, owner, 1))
    theirs = await api.call("GET", f"/v1/employees/{bea}/groups", owner)
    assert theirs.json()["items"] == []
    await profiles.publish(bea, EmployeeReactivated(employee_id=bea))
    await eventually(lambda: _present(api, group_id, owner, bea))
    await eventually(lambda: _count_is(api, group_id, owner, 2))


async def _count_is(api, group_id: str, who: str, expected: int) -> bool:
    return await count_of(api, group_id, who) == expected


async def _absent(api, group_id: str, who: str, employee_id: str) -> bool:
    return employee_id not in await members_of(api, group_id, who)


async def _present(api, group_id: str, who: str, employee_id: str) -> bool:
    return employee_id in await members_of(api, group_id, who)


async def test_erasure_removes_memberships_and_personal_data(
    api, ids, profiles, service, known
) -> None:
    owner, cem = ids(), ids()
    await register(profiles, cem, "Cem Yilmaz")
    await known(cem)
    group_id, _ = await api.create_group(owner, join_policy="invite")
    other, _ = await api.create_group(owner, join_policy="invite")
    await api.call("PUT", f"/v1/groups/{group_id}/invitations/{cem}", owner)
    await api.call("POST", f"/v1/groups/{group_id}/invitations/me/accept", cem)
    await api.call("PUT", f"/v1/groups/{other}/invitations/{cem}", owner)
    await eventually(lambda: _present(api, group_id, owner, cem))
    await profiles.publish(cem, EmployeeErased(employee_id=cem))
    await eventually(lambda: _absent(api, group_id, owner, cem))
    db = service.runtime.db

    async def nothing_personal_left() -> bool:
        for name in await db.list_collection_names():
            async for doc in db[name].find({}):
                text = repr(doc)
                if "Yilmaz" in text or "cem@example.com" in text:
                    return False
        return True

    await eventually(nothing_personal_left)
    await eventually(lambda: _no_membership_docs(service, cem))
    pending = await api.call("GET", f"/v1/groups/{other}/invitations", owner)
    assert pending.json()["items"] == []
    problem = await api.call("PUT", f"/v1/groups/{other}/invitations/{cem}", owner)
    assert problem.status_code == 404


async def _no_membership_docs(service, employee_id: str) -> bool:
    return (
        await service.runtime.db["memberships"].count_documents({"employee_id": employee_id}) == 0
    )


async def test_deactivated_owner_hands_over_to_longest_standing_admin(api, ids, profiles) -> None:
    owner, first, later = ids(), ids(), ids()
    group_id, _ = await api.create_group(owner)
    url = f"/v1/groups/{group_id}"
    for who in (first, later):
        await api.call("PUT", f"{url}/members/me", who)
    await api.call("PUT", f"{url}/members/{first}/role", owner, json={"role": "admin"})
    promoted = await api.call("PUT", f"{url}/members/{later}/role", owner, json={"role": "admin"})
    await api.call("GET", url, owner, token=promoted.headers["consistency-token"])
    await profiles.publish(owner, EmployeeDeactivated(employee_id=owner))

    async def first_is_owner() -> bool:
        return (await members_of(api, group_id, first)).get(first, {}).get("role") == "owner"

    await eventually(first_is_owner)
    roles = {e: m["role"] for e, m in (await members_of(api, group_id, first)).items()}
    assert roles == {first: "owner", later: "admin"}  # the deactivated owner is hidden
    await profiles.publish(owner, EmployeeDeactivated(employee_id=owner))  # redelivery-like
    await profiles.publish(owner, EmployeeReactivated(employee_id=owner))
    await eventually(lambda: _present(api, group_id, first, owner))
    roles = {e: m["role"] for e, m in (await members_of(api, group_id, first)).items()}
    assert roles == {owner: "owner", first: "owner", later: "admin"}


async def test_owner_without_admins_flags_the_group(api, ids, profiles) -> None:
    owner, member = ids(), ids()
    group_id, _ = await api.create_group(owner, name="Orphan Risk")
    await api.call("PUT", f"/v1/groups/{group_id}/members/me", member)
    await profiles.publish(owner, EmployeeErased(employee_id=owner))

    async def flagged() -> bool:
        page = await api.call(
            "GET",
            "/v1/groups",
            "pa",
            roles=("admin",),
            params={"needs_owner": "true", "q": "orphan"},
        )
        return group_id in [g["id"] for g in page.json()["items"]]

    await eventually(flagged)
    fixed = await api.call(
        "PUT",
        f"/v1/groups/{group_id}/members/{member}/role",
        "pa",
        roles=("admin",),
        json={"role": "owner"},
    )
    assert fixed.status_code == 200, fixed.text
    detail = await api.call(
        "GET", f"/v1/groups/{group_id}", member, token=fixed.headers["consistency-token"]
    )
    assert detail.json()["needs_owner"] is False and detail.json()["my_role"] == "owner"
