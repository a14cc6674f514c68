"""Profiles over HTTP: ownership of fields, If-Match, concurrency, validation, managers."""

from __future__ import annotations

import asyncio

import pytest

pytestmark = pytest.mark.integration
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def assert_problem(response, status: int, type_: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if type_:
        assert body["type"] == f"urn:collab:problem:{type_}"
    return body


async def test_employee_edits_own_fields_with_if_match(api, profile) -> None:
    me = (await api.provision("Self", "Editor"))["id"]
    mine = api.auth(me)
    read = await api.get(f"/v1/employees/{me}", me, token=f"employee:{me}@1")
    assert read.status_code == 200 and read.headers["etag"] == '"1"'
    edit = {
        "about": "Ich baue Dinge.",
        "skills": ["Python", "Kafka"],
        "pronouns": "she/her",
        "timezone": "Europe/Berlin",
        "locale": "de-DE",
        "languages": ["de", "en"],
    }
    ok = await api.client.patch(
        f"/v1/employees/{me}", json=edit, headers=mine | {"If-Match": '"1"'}
    )
    assert ok.status_code == 200, ok.text
    assert ok.headers["etag"] == '"2"' and ok.json()["skills"] == ["Python", "Kafka"]
    stale = await api.client.patch(
        f"/v1/employees/{me}", json={"about": "lost"}, headers=mine | {"If-Match": '"1"'}
    )
    assert assert_problem(stale, 412)["current_version"] == 2
    hr_field = await api.client.patch(
        f"/v1/employees/{me}", json={"department": "Sales"}, headers=mine
    )
    assert_problem(hr_field, 403, "field-not-editable")
    someone_else = await api.client.patch(
        f"/v1/employees/{me}", json={"about": "x"}, headers=api.auth("intruder")
    )
    assert_problem(someone_else, 403)
    by_hr = await api.client.patch(
        f"/v1/employees/{me}",
        json={"department": "Sales", "display_name": "Selfie"},
        headers=api.auth("hr-1", "hr"),
    )
    assert by_hr.status_code == 200 and by_hr.json()["department"] == "Sales"
    assert by_hr.json()["display_name"] == "Selfie"
    assert await profile.runtime.store.version(f"employee:{me}") == 3
    final = await api.get(f"/v1/employees/{me}", token=by_hr.headers["consistency-token"])
    assert final.json()["about"] == "Ich baue Dinge." and final.json()["department"] == "Sales"


async def test_invalid_edits_are_problem_json_and_store_nothing(api, profile) -> None:
    me = (await api.provision("Valid", "Ator"))["id"]
    for body in (
        {"country": "XX"},
        {"skills": [f"s{i}" for i in range(51)]},
        {"locale": "no such locale"},
        {"photo_url": "http://x.org/a.png"},
        {"unknown": 1},
        {"timezone": "Mars/Base"},
    ):
        response = await api.client.patch(
            f"/v1/employees/{me}", json=body, headers=api.auth("hr-1", "hr")
        )
        assert_problem(response, 422, "validation-error")
    cleared = await api.client.patch(
        f"/v1/employees/{me}", json={"user_name": None}, headers=api.auth("hr-1", "hr")
    )
    assert_problem(cleared, 422, "field-required")
    assert await profile.runtime.store.version(f"employee:{me}") == 1


async def test_concurrent_edits_lose_no_accepted_change(api, profile) -> None:
    me = (await api.provision("Busy", "Bee"))["id"]
    edits = [
        {"about": "about"},
        {"pronouns": "they/them"},
        {"phone": "+1 555 0100"},
        {"timezone": "Asia/Tokyo"},
        {"locale": "ja-JP"},
        {"skills": ["Go"]},
        {"languages": ["ja"]},
        {"photo_url": "https://img.example.com/b.png"},
    ]
    responses = await asyncio.gather(
        *(api.client.patch(f"/v1/employees/{me}", json=e, headers=api.auth(me)) for e in edits)
    )
    accepted = [e for e, r in zip(edits, responses, strict=True) if r.status_code == 200]
    assert all(r.status_code in (200, 409) for r in responses)
    assert len(accepted) >= len(edits) - 1
    state = (
        await api.get(f"/v1/employees/{me}", me, token=f"employee:{me}@{1 + len(accepted)}")
    ).json()
    for edit in accepted:
        for field, value in edit.items():
            assert state[field] == value, field
    racing = await asyncio.gather(
        *(
            api.client.patch(
                f"/v1/employees/{me}",
                json={"about": f"v{i}"},
                headers=api.auth(me) | {"If-Match": f'"{state["version"]}"'},
            )
            for i in range(5)
        )
    )
    assert sorted(r.status_code for r in racing) == [200, 412, 412, 412, 412]


async def test_manager_must_exist_and_chain_must_not_loop(api) -> None:
    top = (await api.provision("Top", "Boss"))["id"]
    middle = (await api.provision("Mid", "Dle", **{ENTERPRISE: {"manager": {"value": top}}}))["id"]
    low = (await api.provision("Low", "Er", **{ENTERPRISE: {"manager": {"value": middle}}}))["id"]
    hr = api.auth("hr-1", "hr")
    loop = await api.client.patch(f"/v1/employees/{top}", json={"manager_id": low}, headers=hr)
    assert_problem(loop, 422, "manager-cycle")
    own = await api.client.patch(f"/v1/employees/{top}", json={"manager_id": top}, headers=hr)
    assert_problem(own, 422, "manager-cycle")
    missing = await api.client.patch(
        f"/v1/employees/{low}", json={"manager_id": "ghost"}, headers=hr
    )
    assert_problem(missing, 422, "manager-not-found")
    moved = await api.client.patch(f"/v1/employees/{low}", json={"manager_id": top}, headers=hr)
    assert moved.status_code == 200
    fine = await api.client.patch(f"/v1/employees/{middle}", json={"manager_id": None}, headers=hr)
    assert fine.status_code == 200
    now_loop = await api.client.patch(
        f"/v1/employees/{top}", json={"manager_id": middle}, headers=hr
    )
    assert now_loop.status_code == 200, "middle no longer reports to top: no loop"


async def test_hr_registers_and_requires_role(api) -> None:
    body = {
        "user_name": "hr.made@example.com",
        "given_name": "Made",
        "family_name": "ByHr",
        "country": "fr",
    }
    refused = await api.client.post("/v1/employees", json=body, headers=api.auth("e-1"))
    assert_problem(refused, 403)
    created = await api.client.post("/v1/employees", json=body, headers=api.auth("hr-1", "hr"))
    assert created.status_code == 201, created.text
    assert created.json()["country"] == "FR" and created.headers["etag"] == '"1"'
    again = await api.client.post("/v1/employees", json=body, headers=api.auth("hr-1", "hr"))
    assert_problem(again, 409, "user-name-taken")
