"""The polling service running in-process against the session's real Kafka and MongoDB.

One service per test module; tests isolate themselves with fresh ids. Profile and group
events are published onto their topics, as those services would.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.group import GroupCreated, GroupMemberJoined, GroupMemberLeft
from collab_events.profile import EmployeeRegistered, ProfileFields
from polling_service.app import definition
from polling_service.config import PollingOptions
from pymongo import AsyncMongoClient
from servicekit.auth import mint_token
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service, service_settings

OPTIONS = PollingOptions(close_grace_s=0.2, timer_interval_s=0.2, live_results_ttl_s=0)


def new_id(prefix: str = "e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def later(seconds: float = 3600) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


class Api:
    """HTTP calls as a given employee (roles optional)."""

    def __init__(self, client: httpx.AsyncClient, private_key: str) -> None:
        self.client, self.private_key = client, private_key
        self.tokens: dict[tuple[str, tuple[str, ...]], str] = {}

    def bearer(self, who: str, roles: tuple[str, ...] = ()) -> str:
        if (who, roles) not in self.tokens:
            self.tokens[(who, roles)] = mint_token(self.private_key, sub=who, roles=roles)
        return self.tokens[(who, roles)]

    async def call(
        self, method: str, url: str, who: str | None, *, roles: tuple[str, ...] = (), **kw: Any
    ) -> httpx.Response:
        headers = {} if who is None else {"Authorization": f"Bearer {self.bearer(who, roles)}"}
        return await self.client.request(method, url, headers=headers, **kw)

    async def create(self, owner: str, **body: Any) -> str:
        """Create a poll; its id."""
        body = {
            "question": "Which one?",
            "options": [{"label": "A"}, {"label": "B"}, {"label": "C"}],
            "closes_at": later(),
            **body,
        }
        roles = ("communicator",) if "audience" in body else ()
        response = await self.call("POST", "/v1/polls", owner, roles=roles, json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def vote(self, poll_id: str, who: str, **ballot: Any) -> httpx.Response:
        return await self.call("PUT", f"/v1/polls/{poll_id}/ballot", who, json=ballot)

    async def get(self, poll_id: str, who: str, tail: str = "") -> httpx.Response:
        return await self.call("GET", f"/v1/polls/{poll_id}{tail}", who)

    async def close(self, poll_id: str, owner: str) -> None:
        response = await self.call("POST", f"/v1/polls/{poll_id}/close", owner)
        assert response.status_code == 200, response.text


class Upstream:
    """Publishes profile and group events onto the topics the polling service consumes."""

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
        "polling",
        mongo_url=mongo_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=prefix,
        database=database,
        public_key=jwt_keys[1],
    )
    try:
        async with running_service(settings, definition(OPTIONS)) as running:
            yield running
    finally:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
        await client.drop_database(database)
        await client.close()


@pytest.fixture(scope="module")
def api(service: RunningService, jwt_keys: tuple[str, str]) -> Api:
    return Api(service.client, jwt_keys[0])


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def upstream(service: RunningService, kafka_bootstrap: str) -> AsyncIterator[Upstream]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        yield Upstream(producer, service.runtime.settings.topic_prefix)
    finally:
        await producer.stop()


GroupMaker = Callable[..., Awaitable[str]]


@pytest.fixture
def make_group(upstream: Upstream, service: RunningService) -> GroupMaker:
    """A group whose owner and members the polling service's replicas know."""

    async def make(owner: str, *members: str) -> str:
        group_id = new_id("g")
        created = GroupCreated(group_id=group_id, title="Team", owner_id=owner)
        await upstream.publish("group", f"group:{group_id}", created)
        for who in (owner, *members):
            joined = GroupMemberJoined(group_id=group_id, employee_id=who)
            await upstream.publish("group", f"group:{group_id}/member:{who}", joined)
        await wait_members(service, group_id, 1 + len(members))
        return group_id

    return make


async def wait_members(service: RunningService, group_id: str, count: int) -> None:
    memberships = service.runtime.models["memberships"]

    async def known() -> bool:
        found = await memberships.count_documents({"group_id": group_id, "status": "member"})
        return found == count

    await eventually(known)


async def leave(upstream: Upstream, group_id: str, who: str) -> None:
    left = GroupMemberLeft(group_id=group_id, employee_id=who)
    await upstream.publish("group", f"group:{group_id}/member:{who}", left)


async def register(upstream: Upstream, service: RunningService, who: str, **facts: Any) -> None:
    fields = ProfileFields(user_name=f"{who}@example.com", given_name="Test", **facts)
    await upstream.publish(
        "profile", f"employee:{who}", EmployeeRegistered(employee_id=who, profile=fields)
    )

    async def known() -> bool:
        return await service.runtime.models["people"].find_one({"_id": who}) is not None

    await eventually(known)


async def wait_status(api: Api, poll_id: str, who: str, status: str) -> dict[str, Any]:
    found: dict[str, Any] = {}

    async def reached() -> bool:
        found.update((await api.get(poll_id, who)).json())
        return found.get("status") == status

    await eventually(reached, timeout_s=60)
    return found
