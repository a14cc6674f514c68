"""Visibility x join policy over HTTP, and secret groups invisible through every endpoint."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.integration

JOIN_OUTCOME = {  # (visibility, policy) -> (status, membership status or problem type)
    ("public", "open"): (200, "member"),
    ("public", "request"): (202, "requested"),
    ("public", "invite"): (403, "invitation-required"),
    ("private", "open"): (200, "member"),
    ("private", "request"): (202, "requested"),
    ("private", "invite"): (403, "invitation-required"),
    ("secret", "open"): (404, "group-not-found"),
    ("secret", "request"): (404, "group-not-found"),
    ("secret", "invite"): (404, "group-not-found"),
}


@pytest.mark.parametrize(("visibility", "policy"), list(JOIN_OUTCOME))
async def test_joining_by_visibility_and_policy(
    api, ids, problem, known, visibility, policy
) -> None:
    owner, outsider, guest = ids(), ids(), ids()
    await known(guest)
    group_id, _ = await api.create_group(owner, visibility=visibility, join_policy=policy)
    url = f"/v1/groups/{group_id}"
    status, outcome = JOIN_OUTCOME[(visibility, policy)]
    joined = await api.call("PUT", f"{url}/members/me", outsider)
    if status >= 400:
        problem(joined, status, outcome)
    else:
        assert joined.status_code == status and joined.json()["status"] == outcome
        again = await api.call("PUT", f"{url}/members/me", outsider)
        assert again.status_code == status and again.json()["version"] == joined.json()["version"]
    # An invitation opens every group, whatever its visibility and policy.
    invited = await api.call("PUT", f"{url}/invitations/{guest}", owner)
    assert invited.status_code == 200 and invited.json()["status"] == "invited"
    accepted = await api.call("POST", f"{url}/invitations/me/accept", guest)
    assert accepted.status_code == 200 and accepted.json()["status"] == "member"
    members = await api.call(
        "GET", f"{url}/members", guest, token=accepted.headers["consistency-token"]
    )
    assert guest in [m["employee_id"] for m in members.json()["items"]]


async def test_private_group_is_listed_but_members_are_for_members(api, ids, problem) -> None:
    owner, outsider = ids(), ids()
    group_id, token = await api.create_group(
        owner, name="Quiet Crew", visibility="private", description="we talk quietly"
    )
    detail = await api.call("GET", f"/v1/groups/{group_id}", outsider, token=token)
    assert detail.status_code == 200 and detail.json()["description"] == "we talk quietly"
    found = await api.call("GET", "/v1/groups", outsider, params={"q": "quiet"})
    assert group_id in [g["id"] for g in found.json()["items"]]
    problem(
        await api.call("GET", f"/v1/groups/{group_id}/members", outsider), 403, "group-members-only"
    )
    assert (await api.call("GET", f"/v1/groups/{group_id}/members", owner)).status_code == 200


async def test_secret_group_is_invisible_to_non_members(api, ids, problem, service, known) -> None:
    owner, member, outsider = ids(), ids(), ids()
    await known(member)
    group_id, _ = await api.create_group(
        owner, name="Hidden Council", visibility="secret", join_policy="invite", tags=["council"]
    )
    await api.call("PUT", f"/v1/groups/{group_id}/invitations/{member}", owner)
    accepted = await api.call("POST", f"/v1/groups/{group_id}/invitations/me/accept", member)
    token = accepted.headers["consistency-token"]
    nowhere = f"/v1/groups/{ids('g')}"
    somewhere = f"/v1/groups/{group_id}"
    probes = [
        ("GET", ""),
        ("GET", "/members"),
        ("GET", "/requests"),
        ("GET", "/invitations"),
        ("PUT", "/members/me"),
        ("DELETE", "/members/me"),
        ("PATCH", ""),
        ("POST", "/archive"),
        ("DELETE", ""),
        ("POST", f"/requests/{member}/approve"),
        ("PUT", f"/invitations/{outsider}"),
        ("POST", "/invitations/me/accept"),
        ("POST", "/invitations/me/decline"),
        ("PUT", f"/members/{member}/role"),
    ]
    for method, path in probes:
        kwargs = (
            {"json": {"role": "admin"} if "role" in path else {"name": "x"}}
            if method in ("PATCH", "PUT") and ("role" in path or path == "")
            else {}
        )
        hidden = await api.call(method, somewhere + path, outsider, token=token, **kwargs)
        absent = await api.call(method, nowhere + path, outsider, **kwargs)
        body = problem(hidden, 404, "group-not-found")
        other = problem(absent, 404, "group-not-found")
        assert {**body, "instance": None} == {**other, "instance": None}, (method, path)
    for params in ({}, {"q": "hidden"}, {"q": "council"}, {"tag": "council"}):
        listed = await api.call("GET", "/v1/groups", outsider, params=params, token=token)
        assert group_id not in [g["id"] for g in listed.json()["items"]], params
        seen = await api.call("GET", "/v1/groups", member, params=params, token=token)
        assert group_id in [g["id"] for g in seen.json()["items"]], params
    theirs = await api.call("GET", f"/v1/employees/{member}/groups", outsider, token=token)
    assert theirs.status_code == 200 and theirs.json()["items"] == []
    mine = await api.call("GET", f"/v1/employees/{member}/groups", owner, token=token)
    assert [g["id"] for g in mine.json()["items"]] == [group_id]
    admin = await api.call("GET", somewhere, "platform-admin", roles=("admin",), token=token)
    assert admin.status_code == 200 and admin.json()["member_count"] == 2


async def test_invitee_sees_the_secret_group_until_declining(api, ids, problem, known) -> None:
    owner, guest = ids(), ids()
    await known(guest)
    group_id, _ = await api.create_group(
        owner, name="Surprise Party", visibility="secret", join_policy="invite"
    )
    invited = await api.call("PUT", f"/v1/groups/{group_id}/invitations/{guest}", owner)
    token = invited.headers["consistency-token"]
    assert (await api.call("GET", f"/v1/groups/{group_id}", guest, token=token)).status_code == 200
    mine = await api.call("GET", "/v1/me/invitations", guest, token=token)
    assert [(i["group_id"], i["group_name"], i["invited_by"]) for i in mine.json()["items"]] == [
        (group_id, "Surprise Party", owner)
    ]
    problem(
        await api.call("GET", f"/v1/groups/{group_id}/members", guest), 403, "group-members-only"
    )
    declined = await api.call("POST", f"/v1/groups/{group_id}/invitations/me/decline", guest)
    assert declined.json()["status"] == "declined"
    again = await api.call("POST", f"/v1/groups/{group_id}/invitations/me/decline", guest)
    assert again.status_code == 200
    token = declined.headers["consistency-token"]
    problem(await api.call("GET", f"/v1/groups/{group_id}", guest, token=token), 404)


async def test_consistency_tokens_reveal_nothing(api, ids, problem) -> None:
    owner, outsider = ids(), ids()
    group_id, token = await api.create_group(owner, visibility="secret")
    for guess in (token, f"group:{group_id}@1", f"group:{ids('g')}@1", f"group:{group_id}@99"):
        started = time.monotonic()
        answer = await api.call("GET", f"/v1/groups/{group_id}", outsider, token=guess)
        body = problem(answer, 404, "group-not-found")
        assert time.monotonic() - started < 2.0 and "consist" not in repr(body)
    malformed = await api.call("GET", f"/v1/groups/{group_id}", outsider, token="nonsense")
    problem(malformed, 400)
