"""Sign-in against the mock IdP, sessions, CSRF, service tokens through the JWKS."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from servicekit.testing.kafka import eventually

from .conftest import Stack, csrf_of, provision, sign_in, start_gateway

pytestmark = pytest.mark.integration


async def post_as(http: httpx.AsyncClient, stack: Stack, author: str, text: str) -> None:
    """A profile post by ``author`` (seeded with a development token)."""

    async def posted() -> bool:  # until the feed's replica knows the author
        body = {"text": text}
        answer = await http.post(
            f"{stack.urls['feed']}/v1/posts", json=body, headers=stack.auth(author)
        )
        return answer.status_code == 201

    await eventually(posted, timeout_s=30)


async def test_sign_in_round_trip_shows_the_home_feed(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    anna, user_name = await provision(http, stack, "Anna", "Gateway")
    await post_as(http, stack, anna, "Hello from the gateway test")

    page = await sign_in(http, stack.gateway, user_name)

    assert page.status_code == 200, page.text[:1000]
    assert str(page.url) == f"{stack.gateway}/"
    assert "Sign out" in page.text and "Anna Gateway" in page.text
    assert "Hello from the gateway test" in page.text  # fetched with the gateway's token
    cookie = next(c for c in http.cookies.jar if c.name == "collab_session")
    assert cookie.has_nonstandard_attr("httponly")
    assert cookie.get_nonstandard_attr("samesite", "").lower() == "lax"
    assert not cookie.secure  # development: plain http


async def test_an_idp_user_who_is_no_employee_gets_a_clear_page(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    page = await sign_in(http, stack.gateway, "nobody-here@example.com")

    assert page.status_code == 403
    assert "not linked to any active employee" in page.text
    assert "nobody-here@example.com" in page.text
    home = await http.get(f"{stack.gateway}/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"].startswith("/signin")


async def test_logout_without_the_csrf_token_is_refused(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, user_name = await provision(http, stack, "Carla", "Csrf")
    home = await sign_in(http, stack.gateway, user_name)
    assert home.status_code == 200

    refused = await http.post(f"{stack.gateway}/logout", data={"csrf_token": "forged"})
    missing = await http.post(f"{stack.gateway}/logout")
    assert refused.status_code == 403 and missing.status_code == 403
    assert "This form has expired" in refused.text
    assert (await http.get(f"{stack.gateway}/")).status_code == 200  # still signed in

    by_header = await http.get(f"{stack.gateway}/")
    copied = dict(http.cookies)
    out = await http.post(f"{stack.gateway}/logout", data={"csrf_token": csrf_of(by_header)})
    assert out.status_code == 200 and "You are signed out" in out.text
    async with httpx.AsyncClient(cookies=copied) as replay:  # the old cookie, kept by someone
        again = await replay.get(f"{stack.gateway}/", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/signin")


async def test_htmx_requests_send_the_token_as_a_header(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, user_name = await provision(http, stack, "Hanna", "Htmx")
    home = await sign_in(http, stack.gateway, user_name)
    token = json.loads(home.text.split("hx-headers='", 1)[1].split("'", 1)[0])["X-CSRF-Token"]

    switched = await http.post(
        f"{stack.gateway}/locale",
        data={"locale": "de", "next": "/"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert switched.status_code == 200 and '<html lang="de">' in switched.text
    assert "Startseite" in switched.text


async def test_the_session_ends_after_its_absolute_lifetime(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, user_name = await provision(http, stack, "Erik", "Expiry")
    lifetime_s = 10.0  # long enough for a sign-in and a page on a busy machine
    short = start_gateway(stack.env, stack.logs, session_max_s=str(int(lifetime_s)))
    gateway = f"http://127.0.0.1:{short.port}"
    try:
        assert (await sign_in(http, gateway, user_name)).status_code == 200
        signed_in = time.monotonic()  # the session began before this
        assert (await http.get(f"{gateway}/", follow_redirects=False)).status_code == 200
        await asyncio.sleep(max(0.0, lifetime_s + 1.0 - (time.monotonic() - signed_in)))
        expired = await http.get(f"{gateway}/", follow_redirects=False)
        assert expired.status_code == 303 and expired.headers["location"] == "/signin?next=/"
    finally:
        short.stop()


async def test_gateway_tokens_are_accepted_through_the_jwks(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    jwks = (await http.get(f"{stack.gateway}/.well-known/jwks.json")).json()
    kid = jwks["keys"][0]["kid"]
    anna, _ = await provision(http, stack, "Jon", "Jwks")
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    forged = jwt.encode(
        {"sub": anna, "iss": "collab-dev", "aud": "collab-hub", "exp": 4_000_000_000},
        stranger_key,
        algorithm="ES256",
        headers={"kid": kid},
    )
    me = f"{stack.urls['profile']}/v1/me"

    by_dev_key = await http.get(me, headers=stack.auth(anna))
    by_forgery = await http.get(me, headers={"Authorization": f"Bearer {forged}"})

    assert by_dev_key.status_code == 200  # collabctl token's key still works beside the JWKS
    assert by_forgery.status_code == 401


async def test_a_service_problem_is_shown_as_a_sentence(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, user_name = await provision(http, stack, "Paula", "Problem")
    await sign_in(http, stack.gateway, user_name)

    page = await http.get(f"{stack.gateway}/", params={"cursor": "!!not-a-cursor!!"})

    assert page.status_code == 400
    assert "Some of the entries are not valid" in page.text
    assert "Traceback" not in page.text and "problem+json" not in page.text


async def test_roles_come_from_the_idps_claims(stack: Stack, http: httpx.AsyncClient) -> None:
    owner, _ = await provision(http, stack, "Otto", "Owner")
    _, admin_name = await provision(http, stack, "Ada", "Admin")
    group = await http.post(
        f"{stack.urls['group']}/v1/groups", json={"name": "Roles Test"}, headers=stack.auth(owner)
    )
    assert group.status_code == 201, group.text
    group_url = f"{stack.gateway}/groups/{group.json()['id']}"
    claims = {"email": admin_name, "roles": ["admin", "provisioner"]}  # provisioner: not grantable
    assert (await http.put(f"{stack.idp}/users/{admin_name}", json=claims)).is_success

    page = await sign_in(
        http, stack.gateway, admin_name, next_path=group_url.removeprefix(stack.gateway)
    )
    assert "Archive group" in page.text  # a platform admin manages any group
    archived = await http.post(f"{group_url}/archive", data={"csrf_token": csrf_of(page)})
    assert "Group archived." in archived.text  # the group service took the gateway's admin token

    async with httpx.AsyncClient(timeout=15, follow_redirects=True) as plain:
        _, plain_name = await provision(plain, stack, "Paul", "Plain")
        seen = await sign_in(
            plain, stack.gateway, plain_name, next_path=group_url.removeprefix(stack.gateway)
        )
        assert "Roles Test" in seen.text and "Archive group" not in seen.text
