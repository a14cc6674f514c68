"""A gateway in front of real profile, group and feed processes, with the mock IdP.

Services verify both the session's development key (tests seed data with it) and the
gateway's JWKS, as ``collabctl up`` runs them.
"""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from pymongo import MongoClient
from servicekit.auth import mint_token
from servicekit.embedded import free_port
from servicekit.processes import ServerProcess, spawn
from servicekit.readiness import http_ready, wait_ready
from servicekit.testing.kafka import eventually
from servicekit.testing.leaving import leave_if_done, stop_when_leaving

SERVICES = ("profile", "group", "feed", "news", "notification")


@dataclass
class Stack:
    """Base URLs of the services, the IdP and the gateway; tokens for seeding."""

    urls: dict[str, str]
    idp: str
    gateway: str
    logs: Path
    env: dict[str, str]
    private_key: str
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def auth(self, sub: str, role: str = "") -> dict[str, str]:
        if (sub, role) not in self.tokens:
            roles = [role] if role else []
            self.tokens[(sub, role)] = mint_token(self.private_key, sub=sub, roles=roles)
        return {"Authorization": f"Bearer {self.tokens[(sub, role)]}"}


def start_gateway(stack_env: dict[str, str], logs: Path, **settings: str) -> ServerProcess:
    """A gateway process on a free port (``settings``: extra COLLAB_GATEWAY_* values)."""
    port = int(settings.pop("port", "0")) or free_port()
    env = {
        **stack_env,
        "COLLAB_GATEWAY_HTTP_PORT": str(port),
        "COLLAB_GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **{f"COLLAB_GATEWAY_{k.upper()}": v for k, v in settings.items()},
    }
    argv = [sys.executable, "-m", "gateway_service", "all"]
    server = spawn("gateway", argv, port=port, log_path=logs / f"gateway-{port}.log", env=env)
    wait_ready(server, lambda: http_ready(f"http://127.0.0.1:{port}/health/live"), timeout=30)
    return server


def _start_service(name: str, env: dict[str, str], logs: Path) -> ServerProcess:
    port = free_port()
    argv = [sys.executable, "-m", f"{name}_service", "all"]
    extra = {"COLLAB_HTTP_PORT": str(port), "COLLAB_MONGO_DB": env[name]}
    return spawn(name, argv, port=port, log_path=logs / f"{name}.log", env={**env, **extra})


def _start_idp(logs: Path) -> tuple[ServerProcess, str]:
    port = free_port()
    argv = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    server = spawn("idp", argv, port=port, log_path=logs / "idp.log")
    url = f"http://127.0.0.1:{port}"
    wait_ready(server, lambda: http_ready(f"{url}/.well-known/openid-configuration"), timeout=30)
    return server, url


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """The stack stops once this folder's last test is done, not at the end of the session."""
    leave_if_done(Path(__file__).parent, nextitem)


@pytest.fixture(scope="package")
def stack(
    mongo_url: str,
    kafka_bootstrap: str,
    jwt_keys: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    run = uuid.uuid4().hex[:8]
    logs = tmp_path_factory.mktemp("gateway-logs")
    gateway_port = free_port()
    gateway = f"http://127.0.0.1:{gateway_port}"
    env = {
        "COLLAB_MONGO_URL": mongo_url,
        "COLLAB_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "COLLAB_TOPIC_PREFIX": f"g{run}.",
        "COLLAB_JWT_PUBLIC_KEY": jwt_keys[1],
        "COLLAB_JWT_JWKS_URL": f"{gateway}/.well-known/jwks.json",
        "COLLAB_ENVIRONMENT": "test",
        "COLLAB_TOPIC_PARTITIONS": "2",
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "COLLAB_RELAY_POLL_INTERVAL_S": "0.2",
        "COLLAB_NOTIFICATION_MAIL_ENABLED": "false",
        **{name: f"g_{name}_{run}" for name in SERVICES},
    }
    servers: list[ServerProcess] = []
    try:
        servers += [_start_service(name, env, logs) for name in SERVICES]
        idp, idp_url = _start_idp(logs)
        servers.append(idp)
        urls = {
            n: f"http://127.0.0.1:{s.port}"
            for n, s in zip(SERVICES, servers[: len(SERVICES)], strict=True)
        }
        gateway_env = {
            # The gateway is in development mode (mock IdP over http, dev secrets).
            "COLLAB_ENVIRONMENT": "development",
            "COLLAB_GATEWAY_OIDC_ISSUER": idp_url,
            "COLLAB_GATEWAY_TOKEN_PRIVATE_KEY_FILE": str(logs / "gateway-key.pem"),
            **{f"COLLAB_GATEWAY_{n.upper()}_URL": u for n, u in urls.items()},
            # Not running here: a port nobody listens on (never a stack's 8105).
            "COLLAB_GATEWAY_POLLING_URL": f"http://127.0.0.1:{free_port()}",
        }
        servers.append(start_gateway(gateway_env, logs, port=str(gateway_port)))
        for server in servers[: len(SERVICES)]:
            url = f"http://127.0.0.1:{server.port}/health/ready"
            wait_ready(server, lambda url=url: http_ready(url), timeout=60)

        def stop_all() -> None:
            for server in reversed(servers):
                server.stop()

        stop_when_leaving(Path(__file__).parent, stop_all)
        yield Stack(urls, idp_url, gateway, logs, gateway_env, jwt_keys[0])
    finally:
        for server in reversed(servers):
            server.stop()
        with MongoClient(mongo_url) as client:
            for name in SERVICES:
                client.drop_database(env[name])


@pytest_asyncio.fixture(loop_scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client: follows redirects, keeps cookies."""
    async with httpx.AsyncClient(timeout=15, follow_redirects=True) as client:
        yield client


async def provision(
    http: httpx.AsyncClient, stack: Stack, given: str, family: str, locale: str | None = None
) -> tuple[str, str]:
    """Register an employee by SCIM; (employee id, userName)."""
    user_name = f"{given}.{family}.{uuid.uuid4().hex[:6]}@example.com".lower()
    user = {
        "userName": user_name,
        "name": {"givenName": given, "familyName": family},
        "displayName": f"{given} {family}",
        "active": True,
        **({"locale": locale} if locale else {}),
    }
    answer = await http.post(
        f"{stack.urls['profile']}/scim/v2/Users",
        json=user,
        headers=stack.auth("idp", "provisioner"),
    )
    assert answer.status_code == 201, answer.text
    employee_id = str(answer.json()["id"])
    # Until the profile's read model holds them (sign-in looks them up there).
    wait = {**stack.auth(employee_id), "Consistency-Token": answer.headers["Consistency-Token"]}

    async def readable() -> bool:
        me = await http.get(f"{stack.urls['profile']}/v1/me", headers=wait)
        return me.status_code == 200

    await eventually(readable, timeout_s=30)
    return employee_id, user_name


async def sign_in(
    http: httpx.AsyncClient, gateway: str, sub: str, next_path: str = "/"
) -> httpx.Response:
    """The whole round trip: gateway → IdP's form → submit ``sub`` → callback → page."""
    form = await http.get(f"{gateway}/signin", params={"next": next_path})
    assert form.status_code == 200 and "/oauth2/authorize" in str(form.url), form.text[:500]
    return await http.post(str(form.url), data={"sub": sub})


def csrf_of(page: httpx.Response) -> str:
    """The CSRF token a rendered page carries."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)
