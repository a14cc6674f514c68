"""'Download my data' through the gateway: one file with a part per service, and every
service that could not give its part named under ``missing`` (the download still works)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from servicekit.embedded import free_port

from .conftest import Stack, csrf_of, provision, sign_in, start_gateway

pytestmark = pytest.mark.integration

ALL_SERVICES = {"profile", "group", "feed", "news", "polling", "notification"}


async def download(http: httpx.AsyncClient, gateway: str) -> dict[str, Any]:
    """The export file as a browser gets it: an attachment named with today's date."""
    answer = await http.get(f"{gateway}/me/data/export.json")
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"].startswith("application/json")
    disposition = answer.headers["content-disposition"]
    found = re.fullmatch(
        r'attachment; filename="collab-hub-my-data-(\d{4}-\d{2}-\d{2})\.json"', disposition
    )
    assert found, disposition
    document: dict[str, Any] = answer.json()
    assert found.group(1) == document["generated_at"][:10]
    return document


def assert_accounted_for(document: dict[str, Any]) -> None:
    """Every service is either a part or missing with a reason, and ``complete`` says which."""
    parts, missing = set(document["services"]), set(document["missing"])
    assert parts | missing == ALL_SERVICES and not parts & missing, document
    assert document["complete"] is (not missing)
    assert all(reason.strip() for reason in document["missing"].values())


async def test_the_export_holds_each_running_services_part_and_names_the_others(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    employee_id, user_name = await provision(http, stack, "Dora", "Datenfreund")
    await sign_in(http, stack.gateway, user_name)

    document = await download(http, stack.gateway)

    assert document["employee_id"] == employee_id
    generated = datetime.fromisoformat(document["generated_at"].replace("Z", "+00:00"))
    assert generated.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - generated) < timedelta(minutes=2)
    assert_accounted_for(document)
    assert document["complete"] is False  # no polling service in this stack
    assert "reached" in document["missing"]["polling"]
    profile = document["services"]["profile"]
    assert (
        profile["employee_id"] == employee_id and profile["profile"]["family_name"] == "Datenfreund"
    )
    for service, url in stack.urls.items():  # as each service answers its own export today
        own = await http.get(f"{url}/v1/me/export", headers=stack.auth(employee_id))
        if own.status_code == 200:
            assert service in document["services"], document["missing"].get(service)
            assert set(document["services"][service]) == set(own.json())
        else:
            assert service in document["missing"], (service, own.status_code)
            assert str(own.status_code) in document["missing"][service]


async def test_a_stopped_service_and_one_without_an_export_are_missing_not_fatal(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    employee_id, user_name = await provision(http, stack, "Stefan", "Stillstand")
    # The feed's address is a port nobody listens on (a stopped service); the group's is
    # the gateway itself, which answers 404 for /v1/me/export like a service without one.
    partial = start_gateway(
        stack.env, stack.logs, feed_url=f"http://127.0.0.1:{free_port()}", group_url=stack.gateway
    )
    gateway = f"http://127.0.0.1:{partial.port}"
    try:
        await sign_in(http, gateway, user_name)
        document = await download(http, gateway)
    finally:
        partial.stop()

    assert_accounted_for(document)
    assert document["complete"] is False
    assert {"feed", "group", "polling"} <= set(document["missing"])
    assert "reached" in document["missing"]["feed"]
    assert "404" in document["missing"]["group"]
    assert document["services"]["profile"]["employee_id"] == employee_id
    assert "Traceback" not in str(document)


async def test_the_page_says_what_the_file_holds_in_both_languages(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, user_name = await provision(http, stack, "Paula", "Pflicht", locale="de-DE")
    await sign_in(http, stack.gateway, user_name)

    german = await http.get(f"{stack.gateway}/me/data")
    await http.post(f"{stack.gateway}/locale", data={"locale": "en", "csrf_token": csrf_of(german)})
    english = await http.get(f"{stack.gateway}/me/data")

    assert german.status_code == 200 and english.status_code == 200
    assert "ein Teil je Dienst" in german.text and "„missing“" in german.text
    assert "one part per service" in english.text
    assert (
        "listed under &#34;missing&#34;" in english.text or 'listed under "missing"' in english.text
    )
    for service in ALL_SERVICES:
        assert f"<strong>{service}</strong>" in english.text


async def test_the_export_needs_a_sign_in(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=15) as stranger:
        answer = await stranger.get(f"{stack.gateway}/me/data/export.json")

    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/signin")
