"""HTTP kit against real servers: auth, problem+json, read-your-writes, limits."""

from __future__ import annotations

import time

import pytest
from servicekit.testing.sample_api import sample_definition
from servicekit.testing.service import running_service

pytestmark = pytest.mark.integration


@pytest.fixture
async def service(settings_for):
    settings = settings_for("sample", max_body_bytes=2048)
    async with running_service(settings, sample_definition()) as running:
        yield running


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:collab:problem:")
    return body


async def test_requests_without_valid_token_get_401(service, make_token, jwt_keys) -> None:
    from servicekit.auth import generate_key_pair, mint_token

    client = service.client
    await assert_problem(await client.get("/v1/tallies/a"), 401)
    expired = make_token("e1", ttl_s=-10)
    body = await assert_problem(await client.get("/v1/tallies/a", headers=auth(expired)), 401)
    assert "expired" in body["detail"]
    other_aud = make_token("e1", audience="someone-else")
    await assert_problem(await client.get("/v1/tallies/a", headers=auth(other_aud)), 401)
    import tempfile
    from pathlib import Path

    other_private, _ = generate_key_pair(Path(tempfile.mkdtemp()))
    forged = mint_token(other_private.read_text(), sub="e1")
    await assert_problem(await client.get("/v1/tallies/a", headers=auth(forged)), 401)
    await assert_problem(
        await client.get("/v1/tallies/a", headers={"Authorization": "Basic x"}), 401
    )


async def test_command_then_consistent_read(service, make_token) -> None:
    headers = auth(make_token("e1"))
    opened = await service.client.put("/v1/tallies/t1", headers=headers)
    assert opened.status_code == 201
    assert opened.headers["etag"] == '"1"'
    inc = await service.client.post("/v1/tallies/t1/increments", json={"by": 5}, headers=headers)
    token = inc.headers["consistency-token"]
    assert token == "tally:t1@2"
    read = await service.client.get(
        "/v1/tallies/t1", headers={**headers, "Consistency-Token": token}
    )
    assert read.status_code == 200, read.text
    assert read.json() == {"label": "t1", "total": 5}


async def test_consistency_token_times_out_with_503(settings_for, make_token) -> None:
    # The api role runs no projector: the write is stored but never projected.
    settings = settings_for("sample", consistency_wait_s=0.3)
    async with running_service(settings, sample_definition(), role="api") as api_only:
        client = api_only.client
        opened = await client.put("/v1/tallies/slow", headers=auth(make_token("e1")))
        token = opened.headers["consistency-token"]
        headers = {**auth(make_token("e1")), "Consistency-Token": token}
        response = await client.get("/v1/tallies/slow", headers=headers)
        await assert_problem(response, 503)
        assert response.headers["retry-after"] == "1"
        bad = await client.get("/v1/tallies/x", headers={**headers, "Consistency-Token": "garbage"})
        await assert_problem(bad, 400)


async def test_token_of_a_write_that_does_not_exist_is_ignored(service, make_token) -> None:
    """No existence oracle: an unknown stream answers at once, as without a token."""
    service.runtime.settings.consistency_wait_s = 3.0
    headers = {**auth(make_token("e1")), "Consistency-Token": "tally:never@7"}
    started = time.monotonic()
    response = await service.client.get("/v1/tallies/never", headers=headers)
    await assert_problem(response, 404)
    assert time.monotonic() - started < 1.0


async def test_if_match_mismatch_is_412(service, make_token) -> None:
    headers = auth(make_token("e1"))
    await service.client.put("/v1/tallies/m", headers=headers)
    stale = await service.client.post(
        "/v1/tallies/m/increments", json={"by": 1}, headers={**headers, "If-Match": '"7"'}
    )
    body = await assert_problem(stale, 412)
    assert body["current_version"] == 1
    fresh = await service.client.post(
        "/v1/tallies/m/increments", json={"by": 1}, headers={**headers, "If-Match": '"1"'}
    )
    assert fresh.status_code == 200


async def test_if_match_naming_no_version_is_412_and_only_broken_syntax_400(
    service, make_token
) -> None:
    """RFC 9110 §13.1.1: a well-formed entity-tag that matches nothing fails the condition."""
    headers = auth(make_token("e1"))
    await service.client.put("/v1/tallies/abc", headers=headers)
    url = "/v1/tallies/abc/increments"
    for tag in ('"abc"', 'W/"x"', '"01"'):
        response = await service.client.post(
            url, json={"by": 1}, headers={**headers, "If-Match": tag}
        )
        assert (await assert_problem(response, 412))["type"].endswith(":precondition-failed")
    broken = await service.client.post(url, json={"by": 1}, headers={**headers, "If-Match": "abc"})
    assert (await assert_problem(broken, 400))["type"].endswith(":if-match")
    assert await service.runtime.store.version("tally:abc") == 1  # nothing was incremented


async def test_a_token_whose_subject_is_no_id_is_401(service, make_token) -> None:
    for sub in ("e 1", "a/b", "\U0001f600", "x@1"):
        response = await service.client.get("/v1/tallies/a", headers=auth(make_token(sub)))
        assert (await assert_problem(response, 401))["detail"].endswith("not an employee id")


async def test_token_at_version_zero_never_waits(service, make_token) -> None:
    service.runtime.settings.consistency_wait_s = 3.0
    headers = {**auth(make_token("e1")), "Consistency-Token": "tally:z@0"}
    await service.client.put("/v1/tallies/z", headers=auth(make_token("e1")))
    started = time.monotonic()
    response = await service.client.get("/v1/tallies/z", headers=headers)
    assert response.status_code in (200, 404)  # projected or not yet: never a 503
    assert time.monotonic() - started < 1.0


async def test_405_allows_every_method_of_the_path_and_bad_bodies_are_problems(
    service, make_token
) -> None:
    headers = auth(make_token("e1"))
    refused = await service.client.delete("/v1/tallies/x", headers=headers)
    await assert_problem(refused, 405)
    assert refused.headers["allow"] == "GET, PUT"  # the routes of this path, not just one
    await service.client.put("/v1/tallies/b", headers=headers)
    not_text = await service.client.post(
        "/v1/tallies/b/increments",
        content=b"\xff\xfe{",
        headers={**headers, "content-type": "application/json"},
    )
    assert (await assert_problem(not_text, 400))["type"].endswith(":malformed-body")


async def test_validation_and_body_limit_are_problem_json(service, make_token) -> None:
    headers = auth(make_token("e1"))
    await service.client.put("/v1/tallies/v", headers=headers)
    invalid = await service.client.post("/v1/tallies/v/increments", json={"by": 0}, headers=headers)
    body = await assert_problem(invalid, 422)
    assert body["errors"][0]["loc"][-1] == "by"
    huge = await service.client.post(
        "/v1/tallies/v/increments",
        content=b"x" * 5000,
        headers={**headers, "content-type": "application/json"},
    )
    await assert_problem(huge, 413)
    assert await service.runtime.store.version("tally:v") == 1  # nothing stored


async def test_health_and_metrics_and_openapi(service) -> None:
    assert (await service.client.get("/health/live")).status_code == 200
    ready = await service.client.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["mongo"] == "ok"
    metrics = await service.client.get("/metrics")
    assert "collab_http_request_seconds" in metrics.text
    spec = (await service.client.get("/openapi.json")).json()
    assert "/v1/tallies/{tally_id}" in spec["paths"]
