"""The feed service in-process against the session's real Kafka and MongoDB.

One service per test module; tests isolate themselves with fresh ids. ``World`` plays
the profile and group services: it publishes their events onto their topics, which the
feed's replicas consume, and waits until the feed has seen them.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.group import (
    GroupCreated,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRoleChanged,
)
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeFollowed,
    EmployeeProfileUpdated,
    EmployeeRegistered,
    EmployeeUnfollowed,
    ProfileFields,
)
from cryptography.hazmat.primitives import serialization
from feed_service.app import definition
from feed_service.config import FeedSettings
from pymongo import AsyncMongoClient
from servicekit.auth import mint_token
from servicekit.embedded import free_port
from servicekit.seaweed import start_seaweed
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service, service_settings

pytestmark = pytest.mark.integration


def new_id(prefix: str = "e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class Api:
    """HTTP calls as a given employee (roles optional), tokens cached."""

    def __init__(self, client: httpx.AsyncClient, private_key: str) -> None:
        # Parsing the PEM takes ~0.1 s; a loaded key signs in about a millisecond.
        self.client = client
        self.private_key = serialization.load_pem_private_key(private_key.encode(), None)
        self.tokens: dict[tuple[str, tuple[str, ...]], str] = {}

    def bearer(self, who: str, roles: tuple[str, ...] = ()) -> str:
        if (who, roles) not in self.tokens:
            self.tokens[(who, roles)] = mint_token(self.private_key, sub=who, roles=roles)
        return self.tokens[(who, roles)]

    async def call(
        self, method: str, url: str, who: str, *, roles: tuple[str, ...] = (), **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.bearer(who, roles)}"}
        token = kwargs.pop("token", None)
        if token:
            headers["Consistency-Token"] = token
        headers.update(kwargs.pop("headers", {}))
        return await self.client.request(method, url, headers=headers, **kwargs)

    async def post(
        self, who: str, text: str, group_id: str | None = None, **body: Any
    ) -> tuple[str, str]:
        """Publish; returns (post id, consistency token)."""
        payload = {"text": text, **({"group_id": group_id} if group_id else {}), **body}
        response = await self.call("POST", "/v1/posts", who, json=payload)
        assert response.status_code == 201, response.text
        post_id, token = response.json()["id"], response.headers["consistency-token"]
        # Each post is its own stream: wait until the feed projected it, so lists hold it.
        seen = await self.call("GET", f"/v1/posts/{post_id}", who, token=token)
        assert seen.status_code == 200, seen.text
        return post_id, token


class World:
    """Publishes profile and group events and waits until the feed's replicas hold them."""

    def __init__(self, producer: AIOKafkaProducer, service: RunningService) -> None:
        self.producer, self.service = producer, service
        self.prefix = service.runtime.settings.topic_prefix
        self.versions: dict[str, int] = {}

    async def publish(self, service: str, subject: str, event: Event) -> None:
        version = self.versions.get(subject, 0) + 1
        self.versions[subject] = version
        record = encode_record(new_envelope(event, subject=subject, streamversion=version))
        await self.producer.send_and_wait(
            topic_for(service, self.prefix),
            value=record.value,
            key=record.key,
            headers=record.headers,
        )

    async def until(self, collection: str, query: dict[str, Any]) -> None:
        models = self.service.runtime.models

        async def found() -> bool:
            return await models[collection].find_one(query) is not None

        await eventually(found)

    async def person(self, employee_id: str, user_name: str | None = None, **fields: Any) -> None:
        profile = ProfileFields(
            user_name=user_name or f"{employee_id}@example.com",
            given_name=fields.pop("given_name", "Test"),
            family_name=fields.pop("family_name", employee_id),
            **fields,
        )
        event = EmployeeRegistered(employee_id=employee_id, profile=profile)
        await self.publish("profile", f"employee:{employee_id}", event)
        await self.until("people", {"_id": employee_id})

    async def rename(self, employee_id: str, display_name: str) -> None:
        changes = ProfileFields(display_name=display_name)
        event = EmployeeProfileUpdated(employee_id=employee_id, changes=changes)
        await self.publish("profile", f"employee:{employee_id}", event)
        await self.until("people", {"_id": employee_id, "display_name": display_name})

    async def deactivate(self, employee_id: str) -> None:
        event = EmployeeDeactivated(employee_id=employee_id)
        await self.publish("profile", f"employee:{employee_id}", event)
        await self.until("people", {"_id": employee_id, "active": False})

    async def erase(self, employee_id: str) -> None:
        await self.publish(
            "profile", f"employee:{employee_id}", EmployeeErased(employee_id=employee_id)
        )
        await self.until("people", {"_id": employee_id, "erased": True})

    async def follow(self, follower: str, followee: str, following: bool = True) -> None:
        kind = EmployeeFollowed if following else EmployeeUnfollowed
        event = kind(follower_id=follower, followee_id=followee)
        await self.publish("profile", f"follow:{follower}/{followee}", event)
        query = {"_id": f"{follower}/{followee}", "following": following}
        await self.until("follows", query)

    async def group(self, owner: str, visibility: str = "public") -> str:
        group_id = new_id("g")
        created = GroupCreated(
            group_id=group_id, title=f"Group {group_id}", visibility=visibility, owner_id=owner
        )
        await self.publish("group", f"group:{group_id}", created)
        await self.join(group_id, owner, "owner")
        return group_id

    async def join(self, group_id: str, employee_id: str, role: str = "member") -> None:
        event = GroupMemberJoined(group_id=group_id, employee_id=employee_id, role=role)
        await self.publish("group", f"group:{group_id}/member:{employee_id}", event)
        await self.until("memberships", {"_id": f"{group_id}/{employee_id}", "status": "member"})

    async def promote(self, group_id: str, employee_id: str, role: str) -> None:
        event = GroupMemberRoleChanged(
            group_id=group_id, employee_id=employee_id, role=role, previous_role="member"
        )
        await self.publish("group", f"group:{group_id}/member:{employee_id}", event)
        await self.until("memberships", {"_id": f"{group_id}/{employee_id}", "role": role})

    async def leave(self, group_id: str, employee_id: str) -> None:
        event = GroupMemberLeft(group_id=group_id, employee_id=employee_id)
        await self.publish("group", f"group:{group_id}/member:{employee_id}", event)
        await self.until("memberships", {"_id": f"{group_id}/{employee_id}", "status": "left"})


ATTACHMENT_BUCKET = "feed-attachments"


@pytest.fixture(scope="session")
def s3_url(tmp_path_factory: pytest.TempPathFactory, test_log_dir: Path) -> Iterator[str]:
    """A real S3 server (SeaweedFS, as ``collabctl up`` runs it) with the attachment bucket."""
    data = tmp_path_factory.mktemp("seaweed")
    server = start_seaweed(
        free_port(), data_root=data, log_dir=test_log_dir, buckets=(ATTACHMENT_BUCKET,)
    )
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def feed_settings(s3_url: str) -> FeedSettings:
    return FeedSettings(s3_endpoint=s3_url, s3_bucket=ATTACHMENT_BUCKET)


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def service(
    mongo_url: str, kafka_bootstrap: str, jwt_keys: tuple[str, str], feed_settings: FeedSettings
) -> AsyncIterator[RunningService]:
    database, prefix = f"t_{uuid.uuid4().hex[:12]}", f"t{uuid.uuid4().hex[:8]}."
    settings = service_settings(
        "feed",
        mongo_url=mongo_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=prefix,
        database=database,
        public_key=jwt_keys[1],
    )
    try:
        async with running_service(settings, definition(feed_settings)) as running:
            yield running
    finally:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
        await client.drop_database(database)
        await client.close()


@pytest.fixture(scope="module")
def api(service: RunningService, jwt_keys: tuple[str, str]) -> Api:
    return Api(service.client, jwt_keys[0])


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def world(service: RunningService, kafka_bootstrap: str) -> AsyncIterator[World]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        yield World(producer, service)
    finally:
        await producer.stop()


@pytest.fixture
def ids() -> Callable[[str], str]:
    return new_id


@pytest.fixture
def seen(service: RunningService) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """Wait until a feed read model holds a document matching the query."""

    async def wait(collection: str, query: dict[str, Any]) -> None:
        models = service.runtime.models

        async def found() -> bool:
            return await models[collection].find_one(query) is not None

        await eventually(found)

    return wait


def assert_problem(response: httpx.Response, status: int, type_: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict = response.json()
    if type_ is not None:
        assert body["type"] == f"urn:collab:problem:{type_}", body
    return body


@pytest.fixture
def problem() -> Callable[..., dict]:
    return assert_problem
