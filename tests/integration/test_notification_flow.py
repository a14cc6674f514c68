"""Profile, group, feed, news and notification as separate processes on one Kafka, and a
real SMTP server: a mention in a post reaches the mentioned person's centre and mailbox in
their language; a must-read reaches its audience, then its reminder.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from pymongo import MongoClient
from servicekit.auth import mint_token
from servicekit.embedded import free_port
from servicekit.processes import ServerProcess, spawn
from servicekit.readiness import http_ready, wait_ready
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration
SERVICES = ("profile", "group", "feed", "news", "notification")


class Sink:
    """aiosmtpd handler keeping every accepted message."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@dataclass
class Stack:
    urls: dict[str, str]
    sink: Sink
    private_key: str
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def auth(self, sub: str, role: str = "") -> dict[str, str]:
        if (sub, role) not in self.tokens:
            roles = [role] if role else []
            self.tokens[(sub, role)] = mint_token(self.private_key, sub=sub, roles=roles)
        return {"Authorization": f"Bearer {self.tokens[(sub, role)]}"}


def _start(name: str, env: dict[str, str], logs: Path) -> ServerProcess:
    port = free_port()
    argv = [sys.executable, "-m", f"{name}_service", "all"]
    extra = {"COLLAB_HTTP_PORT": str(port), "COLLAB_MONGO_DB": env[name]}
    return spawn(name, argv, port=port, log_path=logs / f"{name}.log", env={**env, **extra})


@pytest.fixture(scope="module")
def stack(
    mongo_url: str,
    kafka_bootstrap: str,
    jwt_keys: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    run, sink, smtp_port = uuid.uuid4().hex[:8], Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {
        "COLLAB_MONGO_URL": mongo_url,
        "COLLAB_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "COLLAB_TOPIC_PREFIX": f"n{run}.",
        "COLLAB_JWT_PUBLIC_KEY": jwt_keys[1],
        "COLLAB_ENVIRONMENT": "test",
        "COLLAB_TOPIC_PARTITIONS": "2",
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "COLLAB_RELAY_POLL_INTERVAL_S": "0.2",
        "COLLAB_NEWS_TIMER_INTERVAL_S": "0.5",
        "COLLAB_NOTIFICATION_SMTP_PORT": str(smtp_port),
        "COLLAB_NOTIFICATION_MAIL_INTERVAL_S": "0.3",
        **{name: f"n_{name}_{run}" for name in SERVICES},
    }
    logs = tmp_path_factory.mktemp("notification-flow-logs")
    servers: list[ServerProcess] = []
    try:
        servers += [_start(name, env, logs) for name in SERVICES]
        for server in servers:
            url = f"http://127.0.0.1:{server.port}/health/live"
            wait_ready(server, lambda url=url: http_ready(url), timeout=90)
        urls = {n: f"http://127.0.0.1:{s.port}" for n, s in zip(SERVICES, servers, strict=True)}
        yield Stack(urls, sink, jwt_keys[0])
    finally:
        for server in reversed(servers):
            server.stop()
        controller.stop()
        with MongoClient(mongo_url) as client:
            for name in SERVICES:
                client.drop_database(env[name])


async def provision(
    http: httpx.AsyncClient, stack: Stack, given: str, family: str, **extra: Any
) -> str:
    address = f"{given}.{family}@example.com".lower()
    user = {
        "userName": address,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"value": address, "primary": True}],
        "active": True,
        **extra,
    }
    response = await http.post(
        f"{stack.urls['profile']}/scim/v2/Users",
        json=user,
        headers=stack.auth("idp", "provisioner"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _centre(http: httpx.AsyncClient, stack: Stack, who: str) -> list[dict[str, Any]]:
    page = await http.get(
        f"{stack.urls['notification']}/v1/me/notifications", headers=stack.auth(who)
    )
    return list(page.json()["items"]) if page.status_code == 200 else []


async def test_a_mention_in_a_post_reaches_the_centre_and_the_mailbox(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        ana = await provision(http, stack, "Ana", "Writer")
        bea = await provision(http, stack, "Bea", "Reader", locale="de-DE")
        created = await http.post(
            f"{stack.urls['group']}/v1/groups",
            json={"name": "Release Crew"},
            headers=stack.auth(ana),
        )
        assert created.status_code == 201, created.text
        group_id = created.json()["id"]
        joined = await http.put(
            f"{stack.urls['group']}/v1/groups/{group_id}/members/me", headers=stack.auth(bea)
        )
        assert joined.is_success, joined.text
        body = {"group_id": group_id, "text": "Please review @bea.reader@example.com"}

        async def posted() -> bool:  # until the feed's replicas hold the group and Ana
            answer = await http.post(
                f"{stack.urls['feed']}/v1/posts", json=body, headers=stack.auth(ana)
            )
            return answer.status_code == 201

        await eventually(posted, timeout_s=45)

        async def told() -> bool:
            return any(n["type"] == "mention" for n in await _centre(http, stack, bea))

        await eventually(told, timeout_s=45)
        [mention] = [n for n in await _centre(http, stack, bea) if n["type"] == "mention"]
        assert mention["title"] == "Ana Writer hat dich erwähnt"
        assert mention["actors"] == [{"id": ana, "name": "Ana Writer"}]
        assert await _centre(http, stack, ana) == []

        async def mailed() -> bool:
            return any(m["To"] == "bea.reader@example.com" for m in stack.sink.messages)

        await eventually(mailed, timeout_s=45)
        [mail] = [m for m in stack.sink.messages if m["To"] == "bea.reader@example.com"]
        assert mail["Subject"] == "Ana Writer hat dich erwähnt"
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


async def test_a_must_read_notifies_its_audience_then_reminds_it(stack: Stack) -> None:
    news = stack.urls["news"]
    async with httpx.AsyncClient(timeout=10) as http:
        cleo = await provision(http, stack, "Cleo", "Staff")
        body = {"title": "Company news", "editors": ["editor-1"]}
        channel = await http.post(
            f"{news}/v1/channels", json=body, headers=stack.auth("admin-1", "admin")
        )
        assert channel.status_code == 201, channel.text
        draft = {
            "channel_id": channel.json()["id"],
            "must_read": True,
            "remind_every_s": 2,
            "translations": {"en": {"title": "Security policy", "body": "Read it."}},
            "audience": {"include": {"employees": [cleo]}},
        }
        created = await http.post(f"{news}/v1/articles", json=draft, headers=stack.auth("editor-1"))
        assert created.status_code == 201, created.text
        article = created.json()["id"]
        published = await http.post(
            f"{news}/v1/articles/{article}/publish", headers=stack.auth("editor-1", "communicator")
        )
        assert published.status_code == 200, published.text

        async def types() -> list[str]:
            return [n["type"] for n in await _centre(http, stack, cleo)]

        async def reminded() -> bool:
            return {"must_read", "must_read_reminder"} <= set(await types())

        await eventually(reminded, timeout_s=60)
        items = await _centre(http, stack, cleo)
        first = next(n for n in items if n["type"] == "must_read")
        assert first["title"] == "Must read: Security policy"
        assert first["link"] == f"/articles/{article}"
        why = await http.get(
            f"{stack.urls['notification']}/v1/me/notifications/{first['id']}/why",
            headers=stack.auth(cleo),
        )
        assert why.json()["chain"][0]["type"] == "collab.news.article_published.v1"
