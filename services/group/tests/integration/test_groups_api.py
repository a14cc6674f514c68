"""Groups over HTTP: create, read, settings with If-Match, archive, delete."""

from __future__ import annotations

import pytest
from collab_events.group import GroupCreated

pytestmark = pytest.mark.integration


async def test_create_read_and_change_settings(api, ids, problem) -> None:
    owner = ids()
    group_id, token = await api.create_group(
        owner, name="Plattform Gilde", tags=["python"], visibility="private", join_policy="request"
    )
    detail = await api.call("GET", f"/v1/groups/{group_id}", owner, token=token)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["name"] == "Plattform Gilde" and body["visibility"] == "private"
    assert body["my_role"] == "owner" and body["member_count"] in (0, 1)
    assert detail.headers["etag"] == '"1"'
    stale = await api.call(
        "PATCH", f"/v1/groups/{group_id}", owner, json={"name": "X"}, headers={"If-Match": '"7"'}
    )
    assert problem(stale, 412)["current_version"] == 1
    changed = await api.call(
        "PATCH",
        f"/v1/groups/{group_id}",
        owner,
        json={"name": "Platform Guild", "tags": ["go", "go"]},
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    same = await api.call("PATCH", f"/v1/groups/{group_id}", owner, json={"name": "Platform Guild"})
    assert same.json()["version"] == 2  # nothing changed, nothing appended
    after = (
        await api.call(
            "GET", f"/v1/groups/{group_id}", owner, token=changed.headers["consistency-token"]
        )
    ).json()
    assert after["name"] == "Platform Guild" and after["tags"] == ["go"]


async def test_idempotency_key_makes_create_retry_safe(api, service, ids) -> None:
    owner, key = ids(), ids("key")
    first = await api.call(
        "POST", "/v1/groups", owner, json={"name": "Retry"}, headers={"Idempotency-Key": key}
    )
    again = await api.call(
        "POST", "/v1/groups", owner, json={"name": "Retry"}, headers={"Idempotency-Key": key}
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    stored = await service.runtime.store.load(f"group:{first.json()['id']}")
    assert sum(isinstance(r.event, GroupCreated) for r in stored) == 1
    other = await api.call(
        "POST", "/v1/groups", ids(), json={"name": "Retry"}, headers={"Idempotency-Key": key}
    )
    assert other.json()["id"] != first.json()["id"]


async def test_settings_are_for_owners_and_admins(api, ids, problem) -> None:
    owner, member = ids(), ids()
    group_id, _ = await api.create_group(owner)
    assert (await api.call("PUT", f"/v1/groups/{group_id}/members/me", member)).status_code == 200
    refused = await api.call("PATCH", f"/v1/groups/{group_id}", member, json={"name": "Mine"})
    problem(refused, 403, "group-role-required")
    assert problem(await api.call("DELETE", f"/v1/groups/{group_id}", member), 403)
    admin_ok = await api.call(
        "PATCH",
        f"/v1/groups/{group_id}",
        "platform-admin",
        roles=("admin",),
        json={"description": "fixed by admin"},
    )
    assert admin_ok.status_code == 200


async def test_archived_group_refuses_every_write(api, ids, problem) -> None:
    owner, member, outsider = ids(), ids(), ids()
    group_id, _ = await api.create_group(owner)
    await api.call("PUT", f"/v1/groups/{group_id}/members/me", member)
    archived = await api.call("POST", f"/v1/groups/{group_id}/archive", owner)
    assert archived.status_code == 200
    base = f"/v1/groups/{group_id}"
    writes = [
        ("PATCH", base, owner, {"json": {"name": "N"}}),
        ("PUT", f"{base}/members/me", outsider, {}),
        ("DELETE", f"{base}/members/me", member, {}),
        ("PUT", f"{base}/members/{member}/role", owner, {"json": {"role": "admin"}}),
        ("PUT", f"{base}/invitations/{outsider}", owner, {}),
    ]
    for method, url, who, kwargs in writes:
        body = problem(await api.call(method, url, who, **kwargs), 409, "group-archived")
        assert "archived" in body["detail"] and "unarchive" in body["detail"]
    read = await api.call("GET", base, member, token=archived.headers["consistency-token"])
    assert read.status_code == 200 and read.json()["archived"] is True
    assert (await api.call("POST", f"{base}/archive", owner)).status_code == 200  # idempotent
    assert (await api.call("POST", f"{base}/unarchive", owner)).status_code == 200
    assert (await api.call("PUT", f"{base}/members/me", outsider)).status_code == 200


async def test_delete_hides_the_group_everywhere(api, ids, problem) -> None:
    owner = ids()
    group_id, _ = await api.create_group(owner, name="Doomed Group")
    deleted = await api.call("DELETE", f"/v1/groups/{group_id}", owner)
    assert deleted.status_code == 204
    token = deleted.headers["consistency-token"]
    problem(
        await api.call("GET", f"/v1/groups/{group_id}", owner, token=token), 404, "group-not-found"
    )
    assert (await api.call("DELETE", f"/v1/groups/{group_id}", owner)).status_code == 204
    found = await api.call("GET", "/v1/groups", owner, params={"q": "doomed"}, token=token)
    assert group_id not in [g["id"] for g in found.json()["items"]]
    mine = await api.call("GET", "/v1/me/groups", owner, token=token)
    assert group_id not in [g["id"] for g in mine.json()["items"]]


async def test_invalid_bodies_and_cursors_are_problems(api, ids, problem) -> None:
    owner = ids()
    problem(await api.call("POST", "/v1/groups", owner, json={"name": "x" * 121}), 422)
    problem(
        await api.call("POST", "/v1/groups", owner, json={"name": "ok", "tags": ["t"] * 11}), 422
    )
    problem(
        await api.call("POST", "/v1/groups", owner, json={"name": "ok", "visibility": "x"}), 422
    )
    problem(
        await api.call("GET", "/v1/groups", owner, params={"cursor": "%%%"}), 400, "invalid-cursor"
    )
    problem(await api.call("GET", "/v1/groups", owner, params={"limit": 101}), 422)
