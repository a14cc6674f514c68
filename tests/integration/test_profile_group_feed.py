"""Profile, group and feed as separate processes on one Kafka: the feed learns people and
groups only from their events. SCIM registration, group join, post, mentions, rename,
leaving, erasure.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
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
SERVICES = ("profile", "group", "feed")


@dataclass
class Stack:
    """Base URLs of the three services and the feed service's database."""

    urls: dict[str, str]
    mongo_url: str
    feed_db: str
    private_key: str
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def auth(self, sub: str, role: str = "") -> dict[str, str]:
        if (sub, role) not in self.tokens:  # minting parses the RSA key: cache
            roles = [role] if role else []
            self.tokens[(sub, role)] = mint_token(self.private_key, sub=sub, roles=roles)
        return {"Authorization": f"Bearer {self.tokens[(sub, role)]}"}


def _start(name: str, env: dict[str, str], logs: Path) -> ServerProcess:
    port = free_port()
    argv = [sys.executable, "-m", f"{name}_service", "all"]
    database = {"COLLAB_MONGO_DB": env[name]}
    return spawn(
        name,
        argv,
        port=port,
        log_path=logs / f"{name}.log",
        env={**env, "COLLAB_HTTP_PORT": str(port), **database},
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
        "COLLAB_TOPIC_PREFIX": f"f{run}.",
        "COLLAB_JWT_PUBLIC_KEY": jwt_keys[1],
        "COLLAB_ENVIRONMENT": "test",
        "COLLAB_TOPIC_PARTITIONS": "2",
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "COLLAB_RELAY_POLL_INTERVAL_S": "0.2",
        **{name: f"f_{name}_{run}" for name in SERVICES},
    }
    logs = tmp_path_factory.mktemp("profile-group-feed-logs")
    servers: list[ServerProcess] = []
    try:
        servers += [_start(name, env, logs) for name in SERVICES]
        for server in servers:
            url = f"http://127.0.0.1:{server.port}/health/ready"
            wait_ready(server, lambda url=url: http_ready(url), timeout=60)
        urls = {n: f"http://127.0.0.1:{s.port}" for n, s in zip(SERVICES, servers, strict=True)}
        yield Stack(urls, mongo_url, env["feed"], jwt_keys[0])
    finally:
        for server in reversed(servers):
            server.stop()
        with MongoClient(mongo_url) as client:
            for name in SERVICES:
                client.drop_database(env[name])


async def provision(http: httpx.AsyncClient, stack: Stack, given: str, family: str) -> str:
    """Register by SCIM; the userName is ``given.family@example.com`` (lower case)."""
    user = {
        "userName": f"{given}.{family}@example.com".lower(),
        "name": {"givenName": given, "familyName": family},
        "emails": [{"value": f"{given}.{family}@example.com".lower(), "primary": True}],
        "active": True,
    }
    response = await http.post(
        f"{stack.urls['profile']}/scim/v2/Users",
        json=user,
        headers=stack.auth("idp", "provisioner"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_post_in_a_group_across_three_services(stack: Stack) -> None:
    group, feed = stack.urls["group"], stack.urls["feed"]
    async with httpx.AsyncClient(timeout=10) as http:
        ana = await provision(http, stack, "Ana", "Quillfeather")
        bob = await provision(http, stack, "Bob", "Baker")
        carl = await provision(http, stack, "Carl", "Outsider")
        created = await http.post(
            f"{group}/v1/groups",
            json={"name": "Launch Crew", "visibility": "private"},
            headers=stack.auth(ana),
        )
        assert created.status_code == 201, created.text
        group_id = created.json()["id"]
        joined = await http.put(f"{group}/v1/groups/{group_id}/members/me", headers=stack.auth(bob))
        assert joined.is_success, joined.text
        body = {"group_id": group_id, "text": "Welcome @bob.baker@example.com! #Launch"}

        async def posted() -> bool:  # until the feed's replicas hold the group and Ana
            answer = await http.post(f"{feed}/v1/posts", json=body, headers=stack.auth(ana))
            return answer.status_code == 201

        await eventually(posted, timeout_s=30)
        feed_url = f"{feed}/v1/groups/{group_id}/posts"

        async def bob_sees(name: str) -> bool:
            page = await http.get(feed_url, headers=stack.auth(bob))
            items = page.json().get("items", []) if page.status_code == 200 else []
            mentions = [m for item in items for m in item["mentions"]]
            return mentions == [{"employee_id": bob, "display_name": name}]

        await eventually(lambda: bob_sees("Bob Baker"), timeout_s=30)
        post_id = (await http.get(feed_url, headers=stack.auth(bob))).json()["items"][0]["id"]
        assert (await http.get(feed_url, headers=stack.auth(carl))).status_code == 403
        outsider = await http.get(f"{feed}/v1/posts/{post_id}", headers=stack.auth(carl))
        assert outsider.status_code == 404
        rename = [{"op": "replace", "path": "name.familyName", "value": "Brewer"}]
        patched = await http.patch(
            f"{stack.urls['profile']}/scim/v2/Users/{bob}",
            json={"schemas": [PATCH_OP], "Operations": rename},
            headers=stack.auth("idp", "provisioner"),
        )
        assert patched.status_code == 200, patched.text
        await eventually(lambda: bob_sees("Bob Brewer"), timeout_s=30)
        topic = await http.get(f"{feed}/v1/topics/launch/posts", headers=stack.auth(bob))
        assert [p["id"] for p in topic.json()["items"]] == [post_id]
        assert not await _forgotten(stack, ["Quillfeather"])  # the probe sees the replica
        erased = await http.post(
            f"{stack.urls['profile']}/v1/employees/{ana}/erasure", headers=stack.auth("dpo", "hr")
        )
        assert erased.status_code == 200, erased.text

        async def gone() -> bool:
            answer = await http.get(f"{feed}/v1/posts/{post_id}", headers=stack.auth(bob))
            return answer.status_code == 404

        await eventually(gone, timeout_s=30)
        await eventually(lambda: _forgotten(stack, ["Quillfeather", "ana.quill"]), timeout_s=30)


async def _forgotten(stack: Stack, needles: list[str]) -> bool:
    """True when no collection of the feed service's database mentions any needle."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo_url)
    try:
        db = client[stack.feed_db]
        for name in await db.list_collection_names():
            async for doc in db[name].find({}):
                if any(needle.casefold() in repr(doc).casefold() for needle in needles):
                    return False
    finally:
        await client.close()
    return True


async def test_demo_seed_posts_in_the_groups_people_belong_to(stack: Stack) -> None:
    from collabctl.seed.feed import seed_feed

    group, feed = stack.urls["group"], stack.urls["feed"]
    async with httpx.AsyncClient(timeout=10) as http:
        people = [await provision(http, stack, name, "Seeded") for name in ("Uma", "Vic", "Wes")]
        created = await http.post(
            f"{group}/v1/groups", json={"name": "Demo Guild"}, headers=stack.auth(people[0])
        )
        group_id = created.json()["id"]
        for who in people[1:]:
            joined = await http.put(
                f"{group}/v1/groups/{group_id}/members/me", headers=stack.auth(who)
            )
            assert joined.is_success

        async def members_listed() -> bool:
            page = await http.get(f"{group}/v1/me/groups", headers=stack.auth(people[2]))
            return group_id in [g["id"] for g in page.json()["items"]]

        await eventually(members_listed, timeout_s=30)
        result = await seed_feed(group, feed, people, private_key_pem=stack.private_key)
        again = await seed_feed(group, feed, people, private_key_pem=stack.private_key)
    assert (result.posts, result.comments, result.reactions) == (4, 8, 8) and again == result
    async with httpx.AsyncClient(timeout=10) as http:

        async def seeded() -> list[dict[str, Any]]:
            page = await http.get(
                f"{feed}/v1/groups/{group_id}/posts", headers=stack.auth(people[1])
            )
            return list(page.json()["items"])

        async def commented() -> bool:
            items = await seeded()
            return len(items) == 1 and items[0]["comment_count"] == 2

        await eventually(commented, timeout_s=30)
        assert (await seeded())[0]["reactions"]["total"] == 2


async def test_home_feed_stream_speaks_server_sent_events(stack: Stack) -> None:
    feed = stack.urls["feed"]
    async with httpx.AsyncClient(timeout=10) as http:
        me = await provision(http, stack, "Sam", "Streamer")
        url = f"{feed}/v1/me/feed/stream"
        async with http.stream("GET", url, headers=stack.auth(me)) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.aiter_lines()
            assert await anext(lines) == "retry: 1000"
        posted = await http.post(f"{feed}/v1/posts", json={"text": "me"}, headers=stack.auth(me))
        assert posted.status_code == 201

        async def streamed() -> bool:
            headers = {**stack.auth(me), "Last-Event-ID": "0"}  # resume from the beginning
            async with http.stream("GET", url, headers=headers) as response:
                async for line in response.aiter_lines():
                    if line.startswith("data: "):
                        return posted.json()["id"] in line
            return False

        await eventually(streamed, timeout_s=20)
