"""Directory search (accent-insensitive prefixes, facets, paging) and the org chart."""

from __future__ import annotations

import uuid

import pytest
from profile_service.projections.directory import COLLECTION, create_directory_indexes
from profile_service.queries.directory import DirectoryQuery, find_page, search_filter
from servicekit.projection import ReadModels

pytestmark = pytest.mark.integration
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


async def people(api, department: str, *names: tuple[str, str], **extra) -> list[str]:
    """Provision people into one department; returns their ids (waits for the directory)."""
    ids, token = [], None
    for given, family in names:
        user = await api.provision(
            given, family, **{ENTERPRISE: {"department": department}}, **extra
        )
        ids.append(user["id"])
        token = user["_token"]
    assert (await api.get(f"/v1/employees/{ids[-1]}", token=token)).status_code == 200
    return ids


async def found(api, **params) -> set[str]:
    response = await api.get("/v1/employees", **params)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


async def test_name_search_ignores_case_and_accents(api) -> None:
    dept = f"Search-{uuid.uuid4().hex[:6]}"
    mueller_uml, mueller_ue, muller, zoe, other = await people(
        api,
        dept,
        ("Zoë", "Müller"),
        ("Jörg", "Mueller"),
        ("Ana", "Muller"),
        ("Zoë", "Ávila"),
        ("Bob", "Mulligan"),
    )
    all_mullers = {mueller_uml, mueller_ue, muller}
    assert await found(api, q="muller", department=dept) == {mueller_uml, muller}
    assert await found(api, q="mueller", department=dept) == {mueller_uml, mueller_ue}
    assert await found(api, q="Müller", department=dept) == all_mullers
    assert await found(api, q="MUL", department=dept) == {mueller_uml, muller, other}
    assert await found(api, q="zoe", department=dept) == {mueller_uml, zoe}
    assert await found(api, q="avila zo", department=dept) == {zoe}
    assert await found(api, q="zoe mu", department=dept) == {mueller_uml}
    assert await found(api, q="uller", department=dept) == set()


async def test_facets_visibility_and_cursor_paging(api, profile) -> None:
    dept = f"Facets-{uuid.uuid4().hex[:6]}"
    ids = await people(
        api,
        dept,
        *[(f"Per{i}", f"Son{i:02d}") for i in range(7)],
        addresses=[{"locality": "Zürich", "country": "CH"}],
    )
    hr = api.auth("hr-1", "hr")
    skilled = await api.client.patch(
        f"/v1/employees/{ids[0]}", json={"skills": ["Rust", "SQL"]}, headers=api.auth(ids[0])
    )
    gone = await api.client.delete(f"/scim/v2/Users/{ids[1]}", headers=api.provisioner)
    assert gone.status_code == 204
    await api.get(f"/v1/employees/{ids[1]}", "hr-1", "hr", token=gone.headers["consistency-token"])
    await api.get(f"/v1/employees/{ids[0]}", token=skilled.headers["consistency-token"])
    assert await found(api, department=dept, skill="rust") == {ids[0]}
    assert await found(api, department=dept.upper(), location="zurich", country="ch") == set(
        ids
    ) - {ids[1]}
    assert await found(api, department=dept, country="DE") == set()
    forbidden = await api.client.get(
        "/v1/employees", params={"include_inactive": True}, headers=api.auth("e-1")
    )
    assert forbidden.status_code == 403
    paged, cursor = [], None
    while True:
        params = {"department": dept, "include_inactive": "true", "limit": 3}
        response = await api.client.get(
            "/v1/employees", params=params | ({"cursor": cursor} if cursor else {}), headers=hr
        )
        page = response.json()
        paged += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert paged == ids  # family names Son00..Son06 sort in creation order
    bad = await api.client.get("/v1/employees", params={"cursor": "garbage!"}, headers=hr)
    assert bad.status_code == 400


async def test_org_chart_chain_and_reports(api) -> None:
    dept = f"Org-{uuid.uuid4().hex[:6]}"
    [ceo] = await people(api, dept, ("Chief", "Exec"))
    [vp] = await people(api, dept, ("Vice", "President"))
    hr = api.auth("hr-1", "hr")
    await api.client.patch(f"/v1/employees/{vp}", json={"manager_id": ceo}, headers=hr)
    reports = []
    for i in range(5):
        user = await api.provision(f"Rep{i}", f"Ort{i}", **{ENTERPRISE: {"manager": {"value": vp}}})
        reports.append(user["id"])
    chain = await api.get(f"/v1/employees/{reports[0]}/chain", token=user["_token"])
    assert [m["id"] for m in chain.json()["managers"]] == [vp, ceo]
    first = (await api.get(f"/v1/employees/{vp}/reports", limit=3)).json()
    assert first["total"] == 5 and len(first["items"]) == 3
    rest = (await api.get(f"/v1/employees/{vp}/reports", cursor=first["next_cursor"])).json()
    assert [r["id"] for r in first["items"] + rest["items"]] == reports
    assert rest["next_cursor"] is None
    top = await api.get(f"/v1/employees/{ceo}/chain")
    assert top.json()["managers"] == []


async def test_setup_gives_older_entries_their_facets_and_drops_the_per_facet_indexes(
    mongo_db,
) -> None:
    directory = mongo_db[COLLECTION]
    await directory.create_index([("country", 1), ("sort_key", 1)])  # an older release's
    older = {
        "_id": "e-old",
        "_v": 1,
        "active": True,
        "erased": False,
        "sort_key": "old|e-old",
        "department_key": "platform engineering",
        "country": "DE",
        "skill_keys": ["python"],
        "manager_id": "e-boss",
    }
    await directory.insert_many(
        [older, {"_id": "e-gone", "_v": 2, "active": False, "erased": True}]
    )
    models = ReadModels(mongo_db)
    await create_directory_indexes(models)
    await create_directory_indexes(models)  # a second start changes nothing
    doc = await directory.find_one({"_id": "e-old"})
    assert sorted(doc["facets"]) == [
        "country:DE",
        "department:platform engineering",
        "manager:e-boss",
        "skill:python",
    ]
    assert "facets" not in await directory.find_one({"_id": "e-gone"})
    names = {spec["name"] async for spec in await directory.list_indexes()}
    assert "country_1_sort_key_1" not in names and "facets_1_sort_key_1" in names
    query = DirectoryQuery(country="de", department="Platform  Engineering", skill="Python")
    page = await find_page(models, search_filter(query), after=None, limit=10)
    assert [item["_id"] for item in page.items] == ["e-old"]
    nobody = DirectoryQuery(country="de", skill="!!!")
    assert (await find_page(models, search_filter(nobody), after=None, limit=10)).items == []
