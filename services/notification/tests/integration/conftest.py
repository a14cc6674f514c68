"""The notification service in-process against the session's real Kafka and MongoDB, and a
real SMTP server (aiosmtpd) on a free port.

One service per test module; tests isolate themselves with fresh ids. Profile, group, feed,
news and polling events are published onto their topics, as those services would.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from aiosmtpd.controller import Controller
from collab_events import CloudEvent, Event, encode_record, new_envelope, topic_for
from collab_events.feed import PostPublished
from collab_events.group import GroupCreated, GroupMemberJoined
from collab_events.profile import EmployeeRegistered, ProfileFields
from notification_service.app import definition
from notification_service.config import NotificationOptions
from pymongo import AsyncMongoClient
from servicekit.auth import mint_token
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service, service_settings


def new_id(prefix: str = "e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    """An aiosmtpd handler keeping every message it accepted."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Sink, int]]:
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def options_for(smtp_port: int, **overrides: Any) -> NotificationOptions:
    values: dict[str, Any] = dict(
        smtp_port=smtp_port,
        mail_interval_s=0.2,
        timer_interval_s=0.3,
        mail_backoff_s=0.05,
        mail_attempts=3,
        public_url="http://notify.test",
    )
    values.update(overrides)
    return NotificationOptions(**values)


class Api:
    """HTTP calls as a given employee."""

    def __init__(self, client: httpx.AsyncClient, private_key: str) -> None:
        self.client, self.private_key = client, private_key
        self.tokens: dict[str, str] = {}

    async def call(self, method: str, url: str, who: str | None, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if who is not None:
            if who not in self.tokens:
                self.tokens[who] = mint_token(self.private_key, sub=who)
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return await self.client.request(method, url, headers=headers, **kw)

    async def notifications(self, who: str, **params: Any) -> list[dict[str, Any]]:
        response = await self.call("GET", "/v1/me/notifications", who, params=params)
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    async def unread(self, who: str, after: httpx.Response | None = None) -> int:
        """The unread count, having read the write of ``after`` (its Consistency-Token)."""
        headers = {} if after is None else {"Consistency-Token": after.headers["Consistency-Token"]}
        response = await self.call("GET", "/v1/me/notifications/unread-count", who, headers=headers)
        assert response.status_code == 200, response.text
        return int(response.json()["unread"])


class Upstream:
    """Publishes other services' events onto their topics."""

    def __init__(self, producer: AIOKafkaProducer, prefix: str) -> None:
        self.producer, self.prefix = producer, prefix
        self.versions: dict[str, int] = {}
        self.sent: list[tuple[str, Any]] = []

    async def publish(
        self, service: str, subject: str, event: Event, *, actor: str | None = None,
        at: datetime | None = None,
    ) -> CloudEvent:  # fmt: skip
        """Publish ``event`` as the next version of ``subject`` (``at``: its time)."""
        version = self.versions.get(subject, 0) + 1
        self.versions[subject] = version
        envelope = new_envelope(event, subject=subject, streamversion=version, actor_id=actor)
        if at is not None:
            envelope = envelope.model_copy(update={"time": at})
        await self.send(service, envelope)
        return envelope

    async def send(self, service: str, envelope: CloudEvent) -> None:
        record = encode_record(envelope)
        self.sent.append((service, envelope))
        await self.producer.send_and_wait(
            topic_for(service, self.prefix),
            value=record.value,
            key=record.key,
            headers=record.headers,
        )


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def service(
    request: pytest.FixtureRequest,
    mongo_url: str,
    kafka_bootstrap: str,
    jwt_keys: tuple[str, str],
    smtp: tuple[Sink, int],
) -> AsyncIterator[RunningService]:
    """The service; a test module's ``OPTIONS`` dict overrides its NotificationOptions."""
    database, prefix = f"t_{uuid.uuid4().hex[:12]}", f"t{uuid.uuid4().hex[:8]}."
    settings = service_settings(
        "notification",
        mongo_url=mongo_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=prefix,
        database=database,
        public_key=jwt_keys[1],
    )
    try:
        async with running_service(
            settings, definition(options_for(smtp[1], **getattr(request.module, "OPTIONS", {})))
        ) as running:
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


async def register(
    upstream: Upstream, service: RunningService, who: str, name: str | None = None, **facts: Any
) -> None:
    given, _, family = (name or f"Test {who}").partition(" ")
    fields = ProfileFields(
        user_name=f"{who}@example.com",
        email=f"{who}@example.com",
        given_name=given,
        family_name=family or None,
        display_name=name or f"Test {who}",
        **facts,
    )
    await upstream.publish(
        "profile", f"employee:{who}", EmployeeRegistered(employee_id=who, profile=fields)
    )

    async def known() -> bool:
        people = await service.runtime.models["people"].find_one({"_id": who})
        address = await service.runtime.models["addresses"].find_one({"_id": who})
        return people is not None and address is not None

    await eventually(known, timeout_s=30)


async def make_group(
    upstream: Upstream,
    service: RunningService,
    owner: str,
    *members: str,
    visibility: str = "public",
) -> str:
    group_id = new_id("g")
    created = GroupCreated(
        group_id=group_id, title=f"Team {group_id[-4:]}", owner_id=owner, visibility=visibility
    )  # type: ignore[arg-type]
    await upstream.publish("group", f"group:{group_id}", created, actor=owner)
    for who in (owner, *members):
        joined = GroupMemberJoined(
            group_id=group_id, employee_id=who, role="owner" if who == owner else "member"
        )
        await upstream.publish("group", f"group:{group_id}/member:{who}", joined, actor=who)
    memberships = service.runtime.models["memberships"]

    async def known() -> bool:
        found = await memberships.count_documents({"group_id": group_id, "status": "member"})
        return found == 1 + len(members)

    await eventually(known, timeout_s=30)
    return group_id


async def post_mentioning(upstream: Upstream, author: str, group: str, *who: str) -> str:
    """A public group post by ``author`` that mentions ``who``; its id."""
    post = PostPublished(
        post_id=new_id("p"),
        author_id=author,
        group_id=group,
        visibility="public",
        mentions=list(who),
    )
    await upstream.publish("feed", f"post:{post.post_id}", post, actor=author)
    return post.post_id


async def wait_notifications(
    api: Api, who: str, count: int, timeout_s: float = 30, **params: Any
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    async def arrived() -> bool:
        found[:] = await api.notifications(who, **params)
        return len(found) >= count

    await eventually(arrived, timeout_s=timeout_s)
    return found


async def settle(seconds: float = 2.0) -> None:
    """Give the projections time to apply what a negative assertion is about."""
    await asyncio.sleep(seconds)
