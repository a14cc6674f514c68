"""SCIM 2.0 provisioning against real Kafka and MongoDB."""

from __future__ import annotations

import asyncio
import uuid

import pytest

pytestmark = pytest.mark.integration
SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
BASE = "http://test/scim/v2"


def assert_scim_error(response, status: int, scim_type: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [SCIM_ERROR] and body["status"] == str(status)
    assert body.get("scimType") == scim_type
    return body


async def total(api) -> int:
    listed = await api.client.get("/scim/v2/Users", headers=api.provisioner, params={"count": 0})
    assert listed.status_code == 200, listed.text
    return int(listed.json()["totalResults"])


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
    user_id, location = user["id"], f"{BASE}/Users/{user['id']}"
    assert user["meta"]["location"] == location and user["active"] is True
    got = await api.client.get(location, headers=api.provisioner)
    assert got.status_code == 200 and got.json()["userName"] == user["userName"]

    # no Consistency-Token: SCIM reads see the service's own writes at once
    for filter_ in (
        f'userName eq "{user["userName"].upper()}"',
        'externalId eq "hr-round-trip"',
        f'id eq "{user_id}"',
    ):
        found = await api.client.get(
            "/scim/v2/Users", headers=api.provisioner, params={"filter": filter_}
        )
        assert found.status_code == 200, found.text
        assert [r["id"] for r in found.json()["Resources"]] == [user_id], filter_
        assert found.json()["totalResults"] == 1

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
    assert ENTERPRISE not in body and body["phoneNumbers"] == [{"value": "+49 30 123"}]  # kept
    assert body["schemas"] == [CORE]

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
    still = await api.client.get(location, headers=api.provisioner)  # deactivated, not deleted
    assert still.status_code == 200 and still.json()["active"] is False


async def test_delete_ends_the_resource_and_frees_the_user_name(api) -> None:
    user = await api.provision("Del", "Ete", externalId=f"hr-del-{uuid.uuid4().hex[:6]}")
    location = f"/scim/v2/Users/{user['id']}"
    taken = await api.client.post(
        "/scim/v2/Users", headers=api.provisioner, json={"userName": user["userName"].upper()}
    )
    assert_scim_error(taken, 409, "uniqueness")
    before = await total(api)
    deleted = await api.client.delete(location, headers=api.provisioner)
    assert deleted.status_code == 204
    assert await total(api) == before - 1  # not listed, at once
    patch = {"Operations": [{"op": "replace", "value": {"active": True}}]}
    for method, body in (("GET", None), ("PUT", {"userName": user["userName"]}), ("PATCH", patch)):
        answer = await api.client.request(method, location, headers=api.provisioner, json=body)
        assert_scim_error(answer, 404)
    assert_scim_error(await api.client.delete(location, headers=api.provisioner), 404)
    by_name = {"filter": f'userName eq "{user["userName"]}"'}
    listed = await api.client.get("/scim/v2/Users", headers=api.provisioner, params=by_name)
    assert listed.json()["Resources"] == []

    successor = await api.client.post(
        "/scim/v2/Users",
        headers=api.provisioner,
        json={"userName": user["userName"], "externalId": user["externalId"]},
    )
    assert successor.status_code == 201, successor.text
    new_id = successor.json()["id"]
    for params in (by_name, {"filter": f'externalId eq "{user["externalId"]}"'}):
        listed = await api.client.get("/scim/v2/Users", headers=api.provisioner, params=params)
        assert [r["id"] for r in listed.json()["Resources"]] == [new_id]
    by_id = {"filter": f'id eq "{user["id"]}"'}
    listed = await api.client.get("/scim/v2/Users", headers=api.provisioner, params=by_id)
    assert listed.json()["totalResults"] == 0
    employee = await api.get(f"/v1/employees/{user['id']}", "hr-1", "hr")
    assert employee.status_code == 200 and employee.json()["active"] is False  # kept, inactive


async def test_concurrent_registrations_of_one_user_name_let_exactly_one_win(api) -> None:
    body = {"userName": "race.condition@example.com"}
    responses = await asyncio.gather(
        *(api.client.post("/scim/v2/Users", json=body, headers=api.provisioner) for _ in range(6))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409, 409, 409], [r.text for r in responses]


async def test_errors_are_scim_errors_and_store_nothing(api, profile) -> None:
    before = len(await profile.runtime.store.load_prefix("employee:"))
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
    not_utf8 = await api.client.post(
        "/scim/v2/Users",
        content=b'{"userName": "\xff"}',
        headers=api.provisioner | {"content-type": "application/scim+json"},
    )
    assert_scim_error(not_utf8, 400, "invalidSyntax")
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
    assert len(await profile.runtime.store.load_prefix("employee:")) == before


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


async def test_paths_methods_and_paging_out_of_range_answer_scim(api) -> None:
    unrouted = await api.client.get("/scim/v2/Groups", headers=api.provisioner)
    assert_scim_error(unrouted, 404)
    put_all = await api.client.put("/scim/v2/Users", headers=api.provisioner, json={})
    assert_scim_error(put_all, 405)
    assert put_all.headers["allow"] == "GET, POST"
    post_one = await api.client.post("/scim/v2/Users/someone", headers=api.provisioner, json={})
    assert post_one.headers["allow"] == "DELETE, GET, PATCH, PUT"
    huge = "73211734239975431732825079939072"
    far = await api.client.get(
        "/scim/v2/Users", headers=api.provisioner, params={"startIndex": huge, "count": -5}
    )
    assert far.status_code == 200, far.text
    assert far.json()["Resources"] == [] and far.json()["startIndex"] == int(huge)
    low = await api.client.get(
        "/scim/v2/Users", headers=api.provisioner, params={"startIndex": -3, "count": 10**30}
    )
    assert low.status_code == 200 and low.json()["startIndex"] == 1
    assert low.json()["itemsPerPage"] <= 200
    assert_scim_error(
        await api.client.get("/scim/v2/Users", headers=api.provisioner, params={"count": "x"}),
        400,
        "invalidValue",
    )


async def test_attributes_and_excluded_attributes_shape_every_answer(api) -> None:
    user = await api.provision("Attr", "Ibute", title="Lead", **{ENTERPRISE: {"department": "Ops"}})
    location = f"/scim/v2/Users/{user['id']}"
    only = {"attributes": "userName,name.givenName," + ENTERPRISE + ":department"}
    one = (await api.client.get(location, headers=api.provisioner, params=only)).json()
    assert one == {
        "schemas": [CORE, ENTERPRISE],
        "id": user["id"],
        "userName": user["userName"],
        "name": {"givenName": "Attr"},
        ENTERPRISE: {"department": "Ops"},
    }
    without = {"excludedAttributes": "name,meta,title," + ENTERPRISE}
    rest = (await api.client.get(location, headers=api.provisioner, params=without)).json()
    assert {"name", "meta", "title", ENTERPRISE}.isdisjoint(rest)
    assert rest["schemas"] == [CORE] and rest["userName"] == user["userName"]
    both = {"attributes": "name,title", "excludedAttributes": "name.familyName"}
    less = (await api.client.get(location, headers=api.provisioner, params=both)).json()
    assert less == {
        "schemas": [CORE],
        "id": user["id"],
        "name": {"givenName": "Attr"},
        "title": "Lead",
    }
    listed = await api.client.get(
        "/scim/v2/Users",
        headers=api.provisioner,
        params={"filter": f'id eq "{user["id"]}"', "attributes": "title"},
    )
    assert listed.json()["Resources"] == [{"schemas": [CORE], "id": user["id"], "title": "Lead"}]
    searched = await api.client.post(
        "/scim/v2/Users/.search",
        headers=api.provisioner,
        json={"filter": f'id eq "{user["id"]}"', "excludedAttributes": ["meta", "name", "title"]},
    )
    assert searched.status_code == 200, searched.text
    assert set(searched.json()["Resources"][0]) == {
        "schemas",
        "id",
        "userName",
        "emails",  # the userName is an address: the e-mail when none is sent
        "active",
        ENTERPRISE,
    }
    patched = await api.client.patch(
        location,
        headers=api.provisioner,
        params={"attributes": "title"},
        json={"Operations": [{"op": "replace", "path": "title", "value": "Head"}]},
    )
    assert patched.json() == {"schemas": [CORE], "id": user["id"], "title": "Head"}


async def test_what_is_published_round_trips_and_the_rest_is_ignored_or_refused(api) -> None:
    boss = await api.provision("Big", "Boss")
    sent = {
        "userName": f"kept.{uuid.uuid4().hex[:8]}@example.com",
        "name": {"givenName": "Kim", "familyName": "Kept", "formatted": "ignored", "x": 1},
        "nickName": "ignored",
        "emails": [{"value": "kim@example.com", "type": "home", "primary": True}],
        "addresses": [{"locality": "Lyon", "country": "FR", "postalCode": "ignored"}],
        "locale": "fr-FR",
        "timezone": "Europe/Paris",
        "active": False,
        ENTERPRISE: {"costCenter": "ignored", "manager": {"$ref": f"{BASE}/Users/{boss['id']}"}},
    }
    created = await api.client.post("/scim/v2/Users", headers=api.provisioner, json=sent)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == {"givenName": "Kim", "familyName": "Kept"} and "nickName" not in body
    assert body["emails"] == [{"value": "kim@example.com"}]
    assert body["addresses"] == [{"locality": "Lyon", "country": "FR"}]
    assert body["active"] is False and body["locale"] == "fr-FR"
    manager = {"value": boss["id"], "$ref": f"{BASE}/Users/{boss['id']}"}
    assert body[ENTERPRISE] == {"manager": manager}
    location = body["meta"]["location"]
    two = sent | {"emails": [{"value": "a@example.com"}, {"value": "b@example.com"}]}
    assert_scim_error(
        await api.client.put(location, headers=api.provisioner, json=two), 400, "invalidValue"
    )
    second = {"Operations": [{"op": "add", "path": "emails", "value": [{"value": "c@x.org"}]}]}
    assert_scim_error(
        await api.client.patch(location, headers=api.provisioner, json=second), 400, "invalidValue"
    )
    no_active = {"Operations": [{"op": "remove", "path": "active"}]}
    assert_scim_error(
        await api.client.patch(location, headers=api.provisioner, json=no_active),
        400,
        "invalidValue",
    )
    ignored = {"Operations": [{"op": "add", "path": "nickName", "value": "Kimmy"}]}
    same = await api.client.patch(location, headers=api.provisioner, json=ignored)
    assert same.status_code == 200 and same.json()["meta"] == body["meta"]  # nothing changed


async def test_renames_are_found_under_the_new_name_at_once(api) -> None:
    users = await asyncio.gather(*(api.provision("Quick", f"Look{i}") for i in range(5)))
    for user in users:
        renamed = f"renamed.{uuid.uuid4().hex[:8]}@example.com"
        answer = await api.client.patch(
            f"/scim/v2/Users/{user['id']}",
            headers=api.provisioner,
            json={"Operations": [{"op": "replace", "path": "userName", "value": renamed}]},
        )
        assert answer.status_code == 200, answer.text
        for name, expected in ((renamed, [user["id"]]), (user["userName"], [])):
            found = await api.client.get(
                "/scim/v2/Users",
                headers=api.provisioner,
                params={"filter": f'userName eq "{name}"'},
            )
            assert [r["id"] for r in found.json()["Resources"]] == expected, name
