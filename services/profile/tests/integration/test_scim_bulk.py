"""SCIM 2.0 Bulk (RFC 7644 §3.7) against real Kafka and MongoDB."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from scim2_models import BulkOperation, BulkRequest, BulkResponse, Context, EnterpriseUser, User

pytestmark = pytest.mark.integration
BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def name(tag: str) -> str:
    return f"bulk.{tag}.{uuid.uuid4().hex[:8]}@example.com"


def post(bulk_id: str, user_name: str, **extra: Any) -> dict[str, Any]:
    return {
        "method": "POST",
        "path": "/Users",
        "bulkId": bulk_id,
        "data": {"userName": user_name} | extra,
    }


def managed_by(reference: str) -> dict[str, Any]:
    return {ENTERPRISE: {"manager": {"value": reference}}}


async def send(api, operations: list[dict[str, Any]], **fields: Any) -> list[dict[str, Any]]:
    body = {"schemas": [BULK_REQUEST], "Operations": operations} | fields
    response = await api.client.post("/scim/v2/Bulk", json=body, headers=api.provisioner)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    assert response.json()["schemas"] == [BULK_RESPONSE]
    return list(response.json()["Operations"])


@pytest.fixture
def appends(profile, monkeypatch) -> Iterator[list[int]]:
    """The number of streams of every ``append_streams`` call the service makes."""
    store, calls = profile.runtime.store, []
    original = store.append_streams

    async def counted(streams, *, metadata=None):
        calls.append(len(streams))
        return await original(streams, metadata=metadata)

    monkeypatch.setattr(store, "append_streams", counted)
    yield calls


async def user(api, location: str) -> dict[str, Any]:
    got = await api.client.get(location, headers=api.provisioner)
    assert got.status_code == 200, got.text
    return dict(got.json())


async def test_bulk_id_references_resolve_in_any_order(api, appends) -> None:
    report, boss = name("report"), name("boss")
    answers = await send(
        api,
        [
            post("report", report, **managed_by("bulkId:boss")),  # refers to a later POST
            {
                "method": "PATCH",
                "path": "/Users/bulkId:report",
                "data": {"Operations": [{"op": "replace", "path": "title", "value": "Engineer"}]},
            },
            post("boss", boss),
        ],
    )
    assert [(a["method"], a.get("bulkId"), a["status"]) for a in answers] == [
        ("POST", "report", "201"),
        ("PATCH", None, "200"),
        ("POST", "boss", "201"),
    ]
    boss_id = answers[2]["location"].rsplit("/", 1)[1]
    assert answers[0]["location"] == answers[1]["location"] and answers[0]["version"] == 'W/"1"'
    created = await user(api, answers[0]["location"])
    assert created["userName"] == report and created["title"] == "Engineer"
    assert created[ENTERPRISE]["manager"]["value"] == boss_id
    assert answers[1]["version"] == created["meta"]["version"] == 'W/"2"'
    assert appends == [1, 1, 1]  # boss, then report (needs boss), then the patch


async def test_a_bulk_of_many_creates_is_one_append_per_level(api, appends, profile) -> None:
    operations = [post("top", name("top"))]
    operations += [post(f"mid{i}", name(f"mid{i}"), **managed_by("bulkId:top")) for i in range(20)]
    operations += [
        post(f"low{i}", name(f"low{i}"), **managed_by(f"bulkId:mid{i}")) for i in range(20)
    ]
    answers = await send(api, operations)
    assert [a["status"] for a in answers] == ["201"] * 41
    assert appends == [1, 20, 20]  # three levels: three appends for 41 employees
    store = profile.runtime.store
    for answer in answers:
        subject = f"employee:{answer['location'].rsplit('/', 1)[1]}"
        assert [r.event.type() for r in await store.load(subject)] == [
            "collab.profile.employee_registered.v1"
        ]


async def test_invalid_operations_fail_alone_and_the_valid_ones_land(api, appends) -> None:
    existing = await api.provision("Ex", "Isting")
    twice, ok1, ok2 = name("twice"), name("ok1"), name("ok2")
    answers = await send(
        api,
        [
            post("ok1", ok1),
            post("bad-mail", name("bad"), emails=[{"value": "not an e-mail"}]),
            post("no-name", "", title="x"),
            post("twice-a", twice),
            post("twice-b", twice.upper()),
            post("existing", existing["userName"]),
            post("no-manager", name("nm"), **managed_by(str(uuid.uuid4()))),
            post("dangling", name("dg"), **managed_by("bulkId:nobody")),
            post("ok1", name("again")),  # a repeated bulkId
            {"method": "POST", "path": "/Users", "bulkId": "no-data"},
            {"method": "PUT", "path": "/Groups/x", "data": {"userName": "x"}},
            {"method": "DELETE", "path": f"/Users/{uuid.uuid4()}"},
            post("ok2", ok2, **managed_by("bulkId:ok1")),
        ],
    )
    assert [a["status"] for a in answers] == [
        *("201", "400", "400", "201", "409", "409", "400", "400", "400", "400", "404", "404"),
        "201",
    ]
    outcome = {
        a.get("bulkId") or a["method"]: (a["status"], a.get("response", {})) for a in answers
    }
    assert answers[8]["response"]["detail"].startswith("bulk-id-repeated: ")
    for key, (scim_type, code) in {
        "bad-mail": ("invalidValue", "validation-error"),
        "twice-b": ("uniqueness", "user-name-taken"),
        "existing": ("uniqueness", "user-name-taken"),
        "no-manager": ("invalidValue", "manager-not-found"),
        "dangling": ("invalidValue", "bulk-id-unresolved"),
        "no-data": ("invalidSyntax", "data-required"),
    }.items():
        error = outcome[key][1]
        assert error["schemas"] == [SCIM_ERROR] and error["status"] == outcome[key][0]
        assert error.get("scimType") == scim_type and error["detail"].startswith(f"{code}: "), key
    ok2_user = await user(api, answers[-1]["location"])
    assert ok2_user[ENTERPRISE]["manager"]["value"] == answers[0]["location"].rsplit("/", 1)[1]
    # after the single POST of "existing": ok1 and twice-a together, then ok2 (refers to ok1)
    assert appends == [1, 2, 1]


async def test_fail_on_errors_stops_and_performs_nothing_after(api) -> None:
    first, later = name("first"), name("later")
    answers = await send(
        api,
        [post("a", first), post("b", ""), post("c", later), post("d", "")],
        failOnErrors=1,
    )
    assert [(a["bulkId"], a["status"]) for a in answers] == [("a", "201"), ("b", "400")]
    created = await api.client.post(
        "/scim/v2/Users", json={"userName": later}, headers=api.provisioner
    )
    assert created.status_code == 201, created.text  # "c" never claimed the name


async def test_circular_references_are_conflicts(api, appends) -> None:
    answers = await send(
        api,
        [
            post("a", name("a"), **managed_by("bulkId:b")),
            post("b", name("b"), **managed_by("bulkId:a")),
            post("self", name("self"), **managed_by("bulkId:self")),
        ],
    )
    assert [a["status"] for a in answers] == ["409", "409", "409"]
    assert all(a["response"]["detail"].startswith("bulk-id-cycle: ") for a in answers)
    assert appends == []


async def test_put_patch_delete_with_versions(api) -> None:
    created = await api.provision("Ver", "Sion")
    path = f"/Users/{created['id']}"
    answers = await send(
        api,
        [
            {
                "method": "PUT",
                "path": path,
                "version": 'W/"1"',
                "data": {"userName": created["userName"], "title": "Lead"},
            },
            {
                "method": "PATCH",
                "path": path,
                "version": 'W/"1"',
                "data": {"Operations": [{"op": "replace", "path": "title", "value": "Stale"}]},
            },
            {"method": "DELETE", "path": path, "version": 'W/"2"'},
            {"method": "DELETE", "path": path},
        ],
    )
    assert [a["status"] for a in answers] == ["200", "412", "204", "404"]
    assert answers[0]["version"] == 'W/"2"' and answers[2]["version"] == 'W/"3"'
    gone = await api.client.get(f"/scim/v2{path}", headers=api.provisioner)
    assert gone.status_code == 404


async def test_limits_are_advertised_and_answer_413(api) -> None:
    config = await api.client.get("/scim/v2/ServiceProviderConfig", headers=api.provisioner)
    bulk = config.json()["bulk"]
    assert bulk == {
        "supported": True,
        "maxOperations": 1000,
        "maxPayloadSize": bulk["maxPayloadSize"],
    }
    assert bulk["maxPayloadSize"] >= 1_048_576
    too_many = [
        {"method": "DELETE", "path": f"/Users/u{i}"} for i in range(bulk["maxOperations"] + 1)
    ]
    body = {"schemas": [BULK_REQUEST], "Operations": too_many}
    answer = await api.client.post("/scim/v2/Bulk", json=body, headers=api.provisioner)
    assert answer.status_code == 413, answer.text
    assert (
        answer.json()["detail"].startswith("too-many-operations: ")
        and "scimType" not in answer.json()
    )
    big = {"schemas": [BULK_REQUEST], "Operations": [post("x", "x" * bulk["maxPayloadSize"])]}
    answer = await api.client.post("/scim/v2/Bulk", json=big, headers=api.provisioner)
    assert answer.status_code == 413 and answer.json()["detail"].startswith("payload-too-large: ")
    assert answer.json()["schemas"] == [SCIM_ERROR]


async def test_bulk_needs_the_provisioner_role(api) -> None:
    body = {"schemas": [BULK_REQUEST], "Operations": [post("a", name("a"))]}
    answer = await api.client.post("/scim/v2/Bulk", json=body, headers=api.auth("someone"))
    assert answer.status_code == 403 and answer.json()["schemas"] == [SCIM_ERROR]


async def test_messages_of_the_standards_models_are_understood(api) -> None:
    """A BulkRequest as scim2-models dumps it is served, and its models read the answer."""
    model = User[EnterpriseUser]
    request = BulkRequest[model](
        fail_on_errors=5,
        operations=[
            BulkOperation[model](
                method=BulkOperation.Method.post,
                path="/Users",
                bulk_id=f"u{i}",
                data=model(user_name=name(f"std{i}")),
            )
            for i in range(3)
        ],
    )
    body = request.model_dump(scim_ctx=Context.BULK_REQUEST)
    answer = await api.client.post("/scim/v2/Bulk", json=body, headers=api.provisioner)
    assert answer.status_code == 200, answer.text
    parsed = BulkResponse[model].model_validate(answer.json(), scim_ctx=Context.BULK_RESPONSE)
    assert [(o.bulk_id, o.status) for o in parsed.operations] == [
        ("u0", 201),
        ("u1", 201),
        ("u2", 201),
    ]
