"""SCIM 2.0 provisioning against real Kafka and MongoDB."""

from __future__ import annotations

import asyncio

import pytest

pytestmark = pytest.mark.integration
SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def assert_scim_error(response, status: int, scim_type: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [SCIM_ERROR] and body["status"] == str(status)
    assert body.get("scimType") == scim_type
    return body


async def test_round_trip_with_filter_replace_and_patch_deactivate(api, profile) -> None:
    user = await api.provision(
        "Jörg",
        "Weiß",
        externalId="hr-round-trip",
        title="Engineer",
        phoneNumbers=[{"value": "+49 30 123"}],
        addresses=[{"locality": "Berlin", "country": "DE"}],
        **{ENTERPRISE: {"department": "Platform"}},
    )
    user_id, location = user["id"], f"/scim/v2/Users/{user['id']}"
    assert user["meta"]["location"] == location and user["active"] is True
    got = await api.client.get(location, headers=api.provisioner)
    assert got.status_code == 200 and got.json()["userName"] == user["userName"]

    by_name = await api.client.get(
        "/scim/v2/Users",
        headers=api.provisioner | {"Consistency-Token": user["_token"]},
        params={"filter": f'userName eq "{user["userName"].upper()}"'},
    )
    assert by_name.status_code == 200, by_name.text
    assert [r["id"] for r in by_name.json()["Resources"]] == [user_id]
    assert by_name.json()["totalResults"] == 1
    by_external = await api.client.get(
        "/scim/v2/Users",
        headers=api.provisioner,
        params={"filter": 'externalId eq "hr-round-trip"'},
    )
    assert [r["id"] for r in by_external.json()["Resources"]] == [user_id]

    replaced = await api.client.put(
        location,
        headers=api.provisioner,
        json={
            "userName": user["userName"],
            "name": {"givenName": "Jörg", "familyName": "Weiß"},
            "title": "Staff Engineer",
        },
    )
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["title"] == "Staff Engineer" and "externalId" not in body  # HR field cleared
    assert ENTERPRISE not in body and body["phoneNumbers"][0]["value"] == "+49 30 123"  # kept

    patched = await api.client.patch(
        location,
        headers=api.provisioner,
        json={
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "active", "value": False}],
        },
    )
    assert patched.status_code == 200 and patched.json()["active"] is False
    hidden = await api.get("/v1/employees", q="Weiß", token=patched.headers["consistency-token"])
    assert user_id not in [e["id"] for e in hidden.json()["items"]]
    gone = await api.get(f"/v1/employees/{user_id}", token=patched.headers["consistency-token"])
    assert gone.status_code == 404
    assert (await api.get(f"/v1/employees/{user_id}", "hr-1", "hr")).json()["active"] is False


async def test_delete_deactivates_and_frees_the_user_name(api) -> None:
    user = await api.provision("Del", "Ete")
    location = f"/scim/v2/Users/{user['id']}"
    taken = await api.client.post(
        "/scim/v2/Users", headers=api.provisioner, json={"userName": user["userName"].upper()}
    )
    assert_scim_error(taken, 409, "uniqueness")
    deleted = await api.client.delete(location, headers=api.provisioner)
    assert deleted.status_code == 204
    assert (await api.client.get(location, headers=api.provisioner)).json()["active"] is False
    successor = await api.client.post(
        "/scim/v2/Users", headers=api.provisioner, json={"userName": user["userName"]}
    )
    assert successor.status_code == 201, successor.text
    reactivate = await api.client.patch(
        location,
        headers=api.provisioner,
        json={"Operations": [{"op": "replace", "value": {"active": True}}]},
    )
    assert_scim_error(reactivate, 409, "uniqueness")


async def test_concurrent_registrations_of_one_user_name_let_exactly_one_win(api) -> None:
    body = {"userName": "race.condition@example.com"}
    responses = await asyncio.gather(
        *(api.client.post("/scim/v2/Users", json=body, headers=api.provisioner) for _ in range(6))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409, 409, 409], [r.text for r in responses]


async def test_errors_are_scim_errors_and_store_nothing(api, profile) -> None:
    before = await profile.runtime.store.events.count_documents({})
    bad_country = {"userName": "bad.country@example.com", "addresses": [{"country": "XX"}]}
    response = await api.client.post("/scim/v2/Users", json=bad_country, headers=api.provisioner)
    assert "country" in assert_scim_error(response, 400, "invalidValue")["detail"]
    missing = await api.client.post("/scim/v2/Users", json={"name": {}}, headers=api.provisioner)
    assert_scim_error(missing, 400, "invalidValue")
    broken = await api.client.post(
        "/scim/v2/Users",
        content=b"{nope",
        headers=api.provisioner | {"content-type": "application/scim+json"},
    )
    assert_scim_error(broken, 400, "invalidSyntax")
    no_manager = {"userName": "lost@example.com", ENTERPRISE: {"manager": {"value": "nobody"}}}
    assert_scim_error(
        await api.client.post("/scim/v2/Users", json=no_manager, headers=api.provisioner),
        400,
        "invalidValue",
    )
    forbidden = await api.client.get("/scim/v2/Users", headers=api.auth("e1", "hr"))
    assert_scim_error(forbidden, 403)
    assert_scim_error(await api.client.get("/scim/v2/Users"), 401)
    assert_scim_error(await api.client.get("/scim/v2/Users/none", headers=api.provisioner), 404)
    bad_filter = await api.client.get(
        "/scim/v2/Users", headers=api.provisioner, params={"filter": 'title co "x"'}
    )
    assert_scim_error(bad_filter, 400, "invalidFilter")
    assert await profile.runtime.store.events.count_documents({}) == before


async def test_list_pages_with_start_index_and_count(api) -> None:
    first = await api.provision("Page", "One")
    listed = await api.client.get(
        "/scim/v2/Users",
        headers=api.provisioner | {"Consistency-Token": first["_token"]},
        params={"startIndex": 1, "count": 2},
    )
    page = listed.json()
    assert page["itemsPerPage"] == 2 and page["startIndex"] == 1 and page["totalResults"] >= 2
    later = await api.client.get(
        "/scim/v2/Users", headers=api.provisioner, params={"startIndex": 2, "count": 1}
    )
    assert later.json()["Resources"][0]["id"] == page["Resources"][1]["id"]
