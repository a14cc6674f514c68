"""The news service running in-process against the session's real Kafka and MongoDB.

One service per test module; tests isolate themselves with fresh ids. Profile and group
events are published onto their topics, as those services would.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.group import GroupCreated, GroupMemberJoined
from collab_events.profile import EmployeeProfileUpdated, EmployeeRegistered, ProfileFields
from news_service.app import definition
from news_service.config import NewsOptions
from pymongo import AsyncMongoClient
from servicekit.auth import mint_token
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service, service_settings

OPTIONS = NewsOptions(timer_interval_s=0.2, entrants_interval_s=0.5)
EDITOR_ROLES = ("communicator",)


def new_id(prefix: str = "e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def later(seconds: float = 3600) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


def translations(**titles: str) -> dict[str, Any]:
    return {tag.replace("_", "-"): {"title": t, "summary": f"{t} summary", "body": f"{t} body"}
            for tag, t in titles.items()}  # fmt: skip


class Api:
    """HTTP calls as a given employee (roles optional)."""

    def __init__(self, client: httpx.AsyncClient, private_key: str) -> None:
        self.client, self.private_key = client, private_key
        self.store: Any = None
        self.tokens: dict[tuple[str, tuple[str, ...]], str] = {}

    def bearer(self, who: str, roles: tuple[str, ...] = ()) -> str:
        if (who, roles) not in self.tokens:
            self.tokens[(who, roles)] = mint_token(self.private_key, sub=who, roles=roles)
        return self.tokens[(who, roles)]

    async def call(
        self, method: str, url: str, who: str, *, roles: tuple[str, ...] = (), **kw: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.bearer(who, roles)}", **kw.pop("headers", {})}
        return await self.client.request(method, url, headers=headers, **kw)

    async def channel(self, *editors: str) -> str:
        body = {"title": "Group news", "editors": list(editors)}
        response = await self.call("POST", "/v1/channels", "admin-1", roles=("admin",), json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def draft(self, editor: str, channel: str, **body: Any) -> str:
        body = {"channel_id": channel, "translations": translations(en="Hello"), **body}
        response = await self.call("POST", "/v1/articles", editor, json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def publish(self, editor: str, article: str, **body: Any) -> httpx.Response:
        url = f"/v1/articles/{article}/publish"
        response = await self.call("POST", url, editor, roles=EDITOR_ROLES, json=body or None)
        assert response.status_code == 200, response.text
        return response

    async def article(self, editor: str, channel: str, **body: Any) -> tuple[str, str]:
        """Draft and publish; (article id, consistency token)."""
        article = await self.draft(editor, channel, **body)
        published = await self.publish(editor, article)
        return article, published.headers["Consistency-Token"]

    async def read(
        self, article: str, who: str, token: str | None = None, **params: Any
    ) -> httpx.Response:
        headers = {"Consistency-Token": token} if token else {}
        return await self.call(
            "GET", f"/v1/articles/{article}", who, params=params, headers=headers
        )

    async def news(self, who: str, token: str | None = None, **params: Any) -> dict[str, Any]:
        headers = {"Consistency-Token": token} if token else {}
        response = await self.call("GET", "/v1/news", who, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def acknowledge(self, article: str, who: str, **body: Any) -> httpx.Response:
        url = f"/v1/articles/{article}/acknowledgement"
        return await self.call("POST", url, who, json=body or None)


class Upstream:
    """Publishes profile and group events onto the topics the news service consumes."""

    def __init__(self, producer: AIOKafkaProducer, prefix: str) -> None:
        self.producer, self.prefix = producer, prefix
        self.versions: dict[str, int] = {}

    async def publish(self, service: str, subject: str, event: Event) -> None:
        version = self.versions.get(subject, 0) + 1
        self.versions[subject] = version
        record = encode_record(new_envelope(event, subject=subject, streamversion=version))
        await self.producer.send_and_wait(
            topic_for(service, self.prefix), value=record.value, key=record.key,
            headers=record.headers,
        )  # fmt: skip


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def service(
    mongo_url: str, kafka_bootstrap: str, jwt_keys: tuple[str, str]
) -> AsyncIterator[RunningService]:
    database, prefix = f"t_{uuid.uuid4().hex[:12]}", f"t{uuid.uuid4().hex[:8]}."
    settings = service_settings(
        "news", mongo_url=mongo_url, kafka_bootstrap=kafka_bootstrap, topic_prefix=prefix,
        database=database, public_key=jwt_keys[1],
    )  # fmt: skip
    try:
        async with running_service(settings, definition(OPTIONS)) as running:
            yield running
    finally:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
        await client.drop_database(database)
        await client.close()


@pytest.fixture(scope="module")
def api(service: RunningService, jwt_keys: tuple[str, str]) -> Api:
    calls = Api(service.client, jwt_keys[0])
    calls.store = service.runtime.store
    return calls


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def upstream(service: RunningService, kafka_bootstrap: str) -> AsyncIterator[Upstream]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        yield Upstream(producer, service.runtime.settings.topic_prefix)
    finally:
        await producer.stop()


class People:
    """Registers employees and changes their facts through profile events."""

    def __init__(self, upstream: Upstream, service: RunningService) -> None:
        self.upstream, self.service = upstream, service

    async def register(self, who: str, **facts: Any) -> str:
        fields = ProfileFields(user_name=f"{who}@example.com", given_name="Test", **facts)
        event = EmployeeRegistered(employee_id=who, profile=fields)
        await self.upstream.publish("profile", f"employee:{who}", event)
        await self._wait(who, lambda doc: doc is not None)
        return who

    async def move(self, who: str, **facts: Any) -> None:
        event = EmployeeProfileUpdated(employee_id=who, changes=ProfileFields(**facts))
        await self.upstream.publish("profile", f"employee:{who}", event)
        await self._wait(who, lambda doc: doc is not None and all(
            doc.get(k) == (v.upper() if k == "country" else v) for k, v in facts.items()
        ))  # fmt: skip

    async def group(self, *members: str) -> str:
        group_id = new_id("g")
        created = GroupCreated(group_id=group_id, title="Team", owner_id=members[0])
        await self.upstream.publish("group", f"group:{group_id}", created)
        for who in members:
            joined = GroupMemberJoined(group_id=group_id, employee_id=who)
            await self.upstream.publish("group", f"group:{group_id}/member:{who}", joined)
        memberships = self.service.runtime.models["memberships"]

        async def joined_all() -> bool:
            query = {"group_id": group_id, "status": "member"}
            return await memberships.count_documents(query) == len(members)

        await eventually(joined_all)
        return group_id

    async def _wait(self, who: str, ok: Any) -> None:
        people = self.service.runtime.models["people"]

        async def known() -> bool:
            return bool(ok(await people.find_one({"_id": who})))

        await eventually(known)


@pytest.fixture(scope="module")
def people(upstream: Upstream, service: RunningService) -> People:
    return People(upstream, service)
