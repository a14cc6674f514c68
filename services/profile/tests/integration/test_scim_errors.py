"""SCIM errors against the running service: codes, the served document, bodies over the limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

pytestmark = pytest.mark.integration
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
SCIM_JSON = "application/scim+json"


def code_of(response) -> str:
    assert response.headers["content-type"].startswith(SCIM_JSON), response.text
    return str(response.json()["detail"].split(": ", 1)[0])


async def test_each_error_names_a_code_its_status_documents(api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    users = document["paths"]["/scim/v2/Users"]["post"]["responses"]
    no_manager = {"userName": "lost.again@example.com", ENTERPRISE: {"manager": {"value": "x9"}}}
    refused = await api.client.post("/scim/v2/Users", json=no_manager, headers=api.provisioner)
    missing = await api.client.post("/scim/v2/Users", json={"name": {}}, headers=api.provisioner)
    forbidden = await api.client.get("/scim/v2/Users", headers=api.auth("e1", "admin"))
    listed = {
        status: {item["name"]: item for item in users[status]["x-problem-types"]}
        for status in ("400", "403")
    }
    assert code_of(refused) == "manager-not-found" and refused.json()["scimType"] == "invalidValue"
    assert listed["400"]["manager-not-found"]["decision"] is True
    assert code_of(missing) == "validation-error"
    assert "decision" not in listed["400"]["validation-error"]
    assert code_of(forbidden) == "forbidden" and "forbidden" in listed["403"]
    assert all("422" not in op["responses"] for op in document["paths"]["/scim/v2/Users"].values())


async def _chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 65536):
        yield b" " * 65536


async def test_a_body_over_the_limit_is_a_scim_413_and_stores_nothing(api, profile) -> None:
    limit = profile.runtime.settings.max_body_bytes
    before = len(await profile.runtime.store.load_prefix("employee:"))
    headers = api.provisioner | {"content-type": SCIM_JSON}
    declared = await api.client.post("/scim/v2/Users", content=b" " * (limit + 1), headers=headers)
    streamed = await api.client.post("/scim/v2/Users", content=_chunks(limit * 2), headers=headers)
    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert code_of(response) == "payload-too-large"
        assert response.json()["status"] == "413" and "scimType" not in response.json()
    assert len(await profile.runtime.store.load_prefix("employee:")) == before


async def test_a_filter_naming_half_a_surrogate_pair_finds_nobody(api) -> None:
    found = await api.client.get(
        "/scim/v2/Users", headers=api.provisioner, params={"filter": 'userName eq "a\\ud800"'}
    )
    assert found.status_code == 200, found.text
    assert found.json()["totalResults"] == 0 and found.json()["Resources"] == []
