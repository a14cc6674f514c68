"""Requests, invitations, roles and the last-owner rule over HTTP."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_join_request_lifecycle(api, ids, problem) -> None:
    owner, alice, bob = ids(), ids(), ids()
    group_id, _ = await api.create_group(owner, join_policy="request")
    url = f"/v1/groups/{group_id}"
    for who in (alice, bob):
        filed = await api.call("PUT", f"{url}/members/me", who)
        assert filed.status_code == 202 and filed.json()["status"] == "requested"
    mine = await api.call("GET", "/v1/me/requests", alice, token=filed.headers["consistency-token"])
    assert [r["group_id"] for r in mine.json()["items"]] == [group_id]
    problem(await api.call("GET", f"{url}/requests", alice), 403, "group-role-required")
    pending = await api.call(
        "GET", f"{url}/requests", owner, token=filed.headers["consistency-token"]
    )
    assert {r["employee_id"] for r in pending.json()["items"]} == {alice, bob}
    problem(await api.call("POST", f"{url}/requests/{alice}/approve", bob), 403)
    approved = await api.call("POST", f"{url}/requests/{alice}/approve", owner)
    assert approved.json()["status"] == "member"
    again = await api.call("POST", f"{url}/requests/{alice}/approve", owner)
    assert again.status_code == 200 and again.json()["version"] == approved.json()["version"]
    rejected = await api.call("POST", f"{url}/requests/{bob}/reject", owner)
    assert rejected.json()["status"] == "rejected"
    problem(
        await api.call("POST", f"{url}/requests/{bob}/approve", owner), 409, "request-not-pending"
    )
    problem(
        await api.call("POST", f"{url}/requests/{ids()}/approve", owner),
        404,
        "join-request-not-found",
    )
    members = await api.call(
        "GET", f"{url}/members", owner, token=rejected.headers["consistency-token"]
    )
    assert [m["employee_id"] for m in members.json()["items"]] == [owner, alice]
    left = await api.call(
        "GET", f"{url}/requests", owner, token=rejected.headers["consistency-token"]
    )
    assert left.json()["items"] == []


async def test_invitation_rules(api, ids, problem, known) -> None:
    owner, member, guest = ids(), ids(), ids()
    await known(member, guest)
    group_id, _ = await api.create_group(owner, join_policy="invite")
    url = f"/v1/groups/{group_id}"
    await api.call("PUT", f"{url}/invitations/{member}", owner)
    await api.call("POST", f"{url}/invitations/me/accept", member)
    problem(await api.call("PUT", f"{url}/invitations/{guest}", member), 403)
    problem(await api.call("PUT", f"{url}/invitations/{member}", owner), 409, "already-member")
    first = await api.call("PUT", f"{url}/invitations/{guest}", owner)
    second = await api.call("PUT", f"{url}/invitations/{guest}", owner)
    assert first.json()["version"] == second.json()["version"] == 1
    listed = await api.call(
        "GET", f"{url}/invitations", owner, token=second.headers["consistency-token"]
    )
    assert [(i["employee_id"], i["invited_by"]) for i in listed.json()["items"]] == [(guest, owner)]
    problem(
        await api.call("POST", f"{url}/invitations/me/accept", ids()), 404, "invitation-not-found"
    )


async def test_roles_and_the_last_owner(api, ids, problem) -> None:
    owner, second, member = ids(), ids(), ids()
    group_id, _ = await api.create_group(owner)
    url = f"/v1/groups/{group_id}"
    for who in (second, member):
        await api.call("PUT", f"{url}/members/me", who)
    problem(await api.call("DELETE", f"{url}/members/me", owner), 409, "last-owner")
    problem(
        await api.call("PUT", f"{url}/members/me/role", owner, json={"role": "admin"}),
        409,
        "last-owner",
    )
    problem(
        await api.call("PUT", f"{url}/members/{second}/role", member, json={"role": "admin"}), 403
    )
    promoted = await api.call("PUT", f"{url}/members/{second}/role", owner, json={"role": "admin"})
    assert promoted.json()["role"] == "admin"
    problem(
        await api.call("PUT", f"{url}/members/{member}/role", second, json={"role": "owner"}), 403
    )
    assert (
        await api.call("PUT", f"{url}/members/{member}/role", second, json={"role": "moderator"})
    ).json()["role"] == "moderator"
    made_owner = await api.call(
        "PUT", f"{url}/members/{second}/role", owner, json={"role": "owner"}
    )
    assert made_owner.json()["role"] == "owner"
    left = await api.call("DELETE", f"{url}/members/me", owner)
    assert left.status_code == 204
    assert (await api.call("DELETE", f"{url}/members/me", owner)).status_code == 204
    problem(await api.call("DELETE", f"{url}/members/me", second), 409, "last-owner")
    removed = await api.call("DELETE", f"{url}/members/{member}", second)
    assert removed.status_code == 204
    members = await api.call(
        "GET", f"{url}/members", second, token=removed.headers["consistency-token"]
    )
    assert [(m["employee_id"], m["role"]) for m in members.json()["items"]] == [(second, "owner")]
    detail = await api.call("GET", url, second, token=left.headers["consistency-token"])
    assert detail.json()["member_count"] == 1
    problem(
        await api.call("PUT", f"{url}/members/{member}/role", second, json={"role": "admin"}),
        404,
        "member-not-found",
    )


async def test_my_groups_and_someone_elses(api, ids) -> None:
    me, other = ids(), ids()
    a, _ = await api.create_group(me, name="Alpha Team")
    b, _ = await api.create_group(other, name="Beta Team", visibility="private")
    joined = await api.call("PUT", f"/v1/groups/{b}/members/me", me)
    mine = await api.call(
        "GET", "/v1/me/groups", me, token=joined.headers["consistency-token"], params={"limit": 1}
    )
    page = mine.json()
    assert [(g["id"], g["role"]) for g in page["items"]] == [(a, "owner")]
    rest = await api.call("GET", "/v1/me/groups", me, params={"cursor": page["next_cursor"]})
    assert [(g["id"], g["role"]) for g in rest.json()["items"]] == [(b, "member")]
    theirs = await api.call("GET", f"/v1/employees/{me}/groups", other)
    assert {g["id"] for g in theirs.json()["items"]} == {a, b}


async def test_ids_are_checked_at_the_edge_before_anything_is_stored(
    api, ids, problem, service
) -> None:
    """The fuzzer's findings: a non-Latin-1 id stored an event, then failed (500) on the
    Consistency-Token header; an unknown employee got an invitation."""
    owner = ids()
    group_id, _ = await api.create_group(owner, join_policy="invite")
    url = f"/v1/groups/{group_id}"
    for method, path in (
        ("PUT", f"{url}/invitations/%F0%9F%98%80"),
        ("DELETE", f"{url}/members/%F0%9F%98%80"),
        ("PUT", f"{url}/invitations/..x"),
        ("GET", "/v1/groups/a%20b"),
    ):
        problem(await api.call(method, path, owner), 422, "validation-error")
    problem(
        await api.call("PUT", f"{url}/invitations/nobody-at-all", owner), 404, "employee-not-found"
    )
    store = service.runtime.store
    assert await store.version(f"group:{group_id}/member:nobody-at-all") == 0
    assert await store.version(f"group:{group_id}/member:\U0001f600") == 0
