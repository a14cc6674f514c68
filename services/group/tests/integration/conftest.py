"""The group service running in-process against the session's real Kafka and MongoDB.

One service per test module (start-up joins consumer groups, which takes a
second); tests isolate themselves by using fresh group and employee ids.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.profile import EmployeeRegistered, ProfileFields
from group_service.app import definition
from pymongo import AsyncMongoClient
from servicekit.auth import mint_token
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service, service_settings


class Api:
    """HTTP calls as a given employee (roles optional)."""

    def __init__(self, client: httpx.AsyncClient, private_key: str) -> None:
        self.client, self.private_key = client, private_key
        self.tokens: dict[tuple[str, tuple[str, ...]], str] = {}

    def bearer(self, who: str, roles: tuple[str, ...] = ()) -> str:
        """A cached token (minting parses the RSA key, which takes ~0.1 s)."""
        if (who, roles) not in self.tokens:
            self.tokens[(who, roles)] = mint_token(self.private_key, sub=who, roles=roles)
        return self.tokens[(who, roles)]

    def headers(
        self, who: str, roles: tuple[str, ...] = (), token: str | None = None
    ) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.bearer(who, roles)}"}
        if token:
            headers["Consistency-Token"] = token
        return headers

    async def call(
        self,
        method: str,
        url: str,
        who: str,
        *,
        roles: tuple[str, ...] = (),
        token: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        return await self.client.request(
            method,
            url,
            headers={**self.headers(who, roles, token), **kwargs.pop("headers", {})},
            **kwargs,
        )

    async def create_group(self, owner: str, **body: Any) -> tuple[str, str]:
        """Create a group; returns (id, consistency token)."""
        body = {"name": f"Group {uuid.uuid4().hex[:6]}", **body}
        response = await self.call("POST", "/v1/groups", owner, json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"], response.headers["consistency-token"]


class Profiles:
    """Publishes profile events onto the profile topic the group service consumes."""

    def __init__(self, producer: AIOKafkaProducer, topic: str) -> None:
        self.producer, self.topic = producer, topic
        self.versions: dict[str, int] = {}

    async def publish(self, employee_id: str, event: Event) -> None:
        version = self.versions.get(employee_id, 0) + 1
        self.versions[employee_id] = version
        record = encode_record(
            new_envelope(event, subject=f"employee:{employee_id}", streamversion=version)
        )
        await self.producer.send_and_wait(
            self.topic, value=record.value, key=record.key, headers=record.headers
        )


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def service(
    mongo_url: str, kafka_bootstrap: str, jwt_keys: tuple[str, str]
) -> AsyncIterator[RunningService]:
    database, prefix = f"t_{uuid.uuid4().hex[:12]}", f"t{uuid.uuid4().hex[:8]}."
    settings = service_settings(
        "group",
        mongo_url=mongo_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=prefix,
        database=database,
        public_key=jwt_keys[1],
    )
    try:
        async with running_service(settings, definition()) as running:
            yield running
    finally:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
        await client.drop_database(database)
        await client.close()


@pytest.fixture(scope="module")
def api(service: RunningService, jwt_keys: tuple[str, str]) -> Api:
    return Api(service.client, jwt_keys[0])


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def profiles(service: RunningService, kafka_bootstrap: str) -> AsyncIterator[Profiles]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        yield Profiles(producer, topic_for("profile", service.runtime.settings.topic_prefix))
    finally:
        await producer.stop()


@pytest.fixture
def known(profiles: Profiles, service: RunningService):
    """Register employees by profile events; returns once the group service knows them all.

    Only known employees can be invited (never an invitation for nobody).
    """

    async def register(*employee_ids: str) -> None:
        for employee_id in employee_ids:
            if employee_id not in profiles.versions:
                fields = ProfileFields(user_name=f"{employee_id}@example.com", given_name="Test")
                await profiles.publish(
                    employee_id, EmployeeRegistered(employee_id=employee_id, profile=fields)
                )
        people = service.runtime.models["people"]

        async def all_known() -> bool:
            found = await people.count_documents({"_id": {"$in": list(employee_ids)}})
            return found == len(set(employee_ids))

        await eventually(all_known)

    return register


def new_id(prefix: str = "e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def ids():
    """A factory of fresh ids."""
    return new_id


def assert_problem(response: httpx.Response, status: int, type_: str | None = None) -> dict:
    """Assert a problem+json answer; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if type_ is not None:
        assert body["type"] == f"urn:collab:problem:{type_}", body
    return body


@pytest.fixture
def problem():
    return assert_problem
