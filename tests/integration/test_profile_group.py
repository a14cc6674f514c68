"""Profile and group services as separate processes on one Kafka: names, deactivation, erasure.

Employees are provisioned through the profile service's SCIM API; the group
service learns about them only from profile events on Kafka.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient, MongoClient
from servicekit.auth import mint_token
from servicekit.embedded import free_port
from servicekit.processes import ServerProcess, spawn
from servicekit.readiness import http_ready, wait_ready
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


@dataclass
class Stack:
    """Base URLs of the two services and the group service's database."""

    profile: str
    group: str
    mongo_url: str
    group_db: str
    private_key: str
    tokens: dict[tuple[str, str], str]

    def auth(self, sub: str, role: str = "") -> dict[str, str]:
        if (sub, role) not in self.tokens:  # minting parses the RSA key: cache
            roles = [role] if role else []
            self.tokens[(sub, role)] = mint_token(self.private_key, sub=sub, roles=roles)
        return {"Authorization": f"Bearer {self.tokens[(sub, role)]}"}


def _start(name: str, env: dict[str, str], logs: Path) -> ServerProcess:
    port = free_port()
    argv = [sys.executable, "-m", f"{name}_service", "all"]
    return spawn(
        name,
        argv,
        port=port,
        log_path=logs / f"{name}.log",
        env={**env, "COLLAB_HTTP_PORT": str(port), "COLLAB_MONGO_DB": env[name]},
    )


@pytest.fixture(scope="module")
def stack(
    mongo_url: str,
    kafka_bootstrap: str,
    jwt_keys: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    run = uuid.uuid4().hex[:8]
    env = {
        "COLLAB_MONGO_URL": mongo_url,
        "COLLAB_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "COLLAB_TOPIC_PREFIX": f"x{run}.",
        "COLLAB_JWT_PUBLIC_KEY": jwt_keys[1],
        "COLLAB_ENVIRONMENT": "test",
        "COLLAB_TOPIC_PARTITIONS": "2",
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "COLLAB_RELAY_POLL_INTERVAL_S": "0.2",
        "profile": f"x_profile_{run}",
        "group": f"x_group_{run}",
    }
    logs = tmp_path_factory.mktemp("profile-group-logs")
    servers: list[ServerProcess] = []
    try:
        servers += [_start("profile", env, logs), _start("group", env, logs)]
        for server in servers:
            url = f"http://127.0.0.1:{server.port}/health/ready"
            wait_ready(server, lambda url=url: http_ready(url), timeout=60)
        yield Stack(
            f"http://127.0.0.1:{servers[0].port}",
            f"http://127.0.0.1:{servers[1].port}",
            mongo_url,
            env["group"],
            jwt_keys[0],
            {},
        )
    finally:
        for server in reversed(servers):
            server.stop()
        with MongoClient(mongo_url) as client:
            client.drop_database(env["profile"])
            client.drop_database(env["group"])


async def provision(http: httpx.AsyncClient, stack: Stack, given: str, family: str) -> str:
    user = {
        "userName": f"{given}.{family}.{uuid.uuid4().hex[:6]}@example.com".lower(),
        "name": {"givenName": given, "familyName": family},
        "title": "Engineer",
        "emails": [{"value": f"{given}.{family}@example.com".lower(), "primary": True}],
        "active": True,
        ENTERPRISE: {"department": "Platform"},
    }
    response = await http.post(
        f"{stack.profile}/scim/v2/Users", json=user, headers=stack.auth("idp", "provisioner")
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def patch_user(
    http: httpx.AsyncClient, stack: Stack, employee_id: str, operations: list[dict[str, Any]]
) -> None:
    response = await http.patch(
        f"{stack.profile}/scim/v2/Users/{employee_id}",
        json={"schemas": [PATCH_OP], "Operations": operations},
        headers=stack.auth("idp", "provisioner"),
    )
    assert response.status_code == 200, response.text


async def test_member_list_follows_the_profile_service(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        owner = await provision(http, stack, "Olga", "Owner")
        ana = await provision(http, stack, "Ana", "Müller")
        bob = await provision(http, stack, "Bob", "Baker")
        created = await http.post(
            f"{stack.group}/v1/groups", json={"name": "Guild"}, headers=stack.auth(owner)
        )
        assert created.status_code == 201, created.text
        url = f"{stack.group}/v1/groups/{created.json()['id']}"
        for who in (ana, bob):
            assert (await http.put(f"{url}/members/me", headers=stack.auth(who))).is_success

        async def names() -> dict[str, str | None]:
            page = await http.get(f"{url}/members", headers=stack.auth(owner))
            if page.status_code != 200:
                return {}
            return {m["employee_id"]: m["name"] for m in page.json()["items"]}

        async def shows(expected: dict[str, str | None]) -> bool:
            return await names() == expected

        await eventually(
            lambda: shows({owner: "Olga Owner", ana: "Ana Müller", bob: "Bob Baker"}), timeout_s=30
        )
        await patch_user(
            http, stack, ana, [{"op": "replace", "path": "name.familyName", "value": "Schmidt"}]
        )
        await eventually(
            lambda: shows({owner: "Olga Owner", ana: "Ana Schmidt", bob: "Bob Baker"}), timeout_s=30
        )
        await patch_user(http, stack, bob, [{"op": "replace", "path": "active", "value": False}])
        await eventually(lambda: shows({owner: "Olga Owner", ana: "Ana Schmidt"}), timeout_s=30)

        async def counted(n: int) -> bool:  # the count is its own projection: eventual too
            detail = await http.get(url, headers=stack.auth(owner))
            return bool(detail.json()["member_count"] == n)

        await eventually(lambda: counted(2), timeout_s=30)
        assert not await _forgotten(stack, ["Schmidt"])  # the probe does see the copy
        erased = await http.post(
            f"{stack.profile}/v1/employees/{ana}/erasure", headers=stack.auth("dpo", "hr")
        )
        assert erased.status_code == 200, erased.text
        await eventually(lambda: shows({owner: "Olga Owner"}), timeout_s=30)
        await eventually(lambda: _forgotten(stack, ["Schmidt", "Müller", "ana.m"]), timeout_s=30)


async def _forgotten(stack: Stack, needles: list[str]) -> bool:
    """True when no collection of the group service's database mentions any needle."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo_url)
    try:
        db = client[stack.group_db]
        for name in await db.list_collection_names():
            async for doc in db[name].find({}):
                if any(needle in repr(doc) for needle in needles):
                    return False
    finally:
        await client.close()
    return True
