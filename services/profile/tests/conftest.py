"""Fixtures of the profile service tests: one running service per session, API helpers."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import pytest
import pytest_asyncio
from profile_service.app import definition
from profile_service.config import Settings
from pymongo import AsyncMongoClient
from servicekit.testing.plugin import TokenFactory
from servicekit.testing.service import RunningService, running_service, service_settings

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
_numbers = itertools.count(1)


@asynccontextmanager
async def started_profile(
    mongo_url: str, kafka_bootstrap: str, public_key: str, **overrides: Any
) -> AsyncIterator[RunningService]:
    """A profile service with its worker on its own database and topics, dropped after."""
    database = f"t_profile_{uuid.uuid4().hex[:8]}"
    base = service_settings(
        "profile",
        mongo_url=mongo_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=f"t{uuid.uuid4().hex[:8]}.",
        database=database,
        public_key=public_key,
        **overrides,
    )
    settings = Settings.model_validate(base.model_dump())
    async with running_service(settings, definition()) as running:
        yield running
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    await client.drop_database(database)
    await client.close()


@pytest.fixture(scope="session")
def start_profile(
    mongo_url: str, kafka_bootstrap: str, jwt_keys: tuple[str, str]
) -> Callable[..., AbstractAsyncContextManager[RunningService]]:
    """Start a further profile service of its own (settings overrides as keywords)."""
    return partial(started_profile, mongo_url, kafka_bootstrap, jwt_keys[1])


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def profile(
    mongo_url: str, kafka_bootstrap: str, jwt_keys: tuple[str, str]
) -> AsyncIterator[RunningService]:
    """The profile service with its worker, on the session's Kafka and MongoDB."""
    async with started_profile(mongo_url, kafka_bootstrap, jwt_keys[1]) as running:
        yield running


@dataclass
class Api:
    """HTTP helpers: tokens per role, SCIM provisioning, reads that wait for a token."""

    client: httpx.AsyncClient
    make_token: TokenFactory

    def auth(self, sub: str, *roles: str, token: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.make_token(sub, roles)}"}
        return headers | ({"Consistency-Token": token} if token else {})

    @property
    def provisioner(self) -> dict[str, str]:
        return self.auth("idp", "provisioner")

    async def provision(self, given: str = "Ana", family: str = "Tester", **extra: Any) -> dict:
        """Create a user by SCIM; returns the resource (and asserts 201)."""
        number = next(_numbers)
        user = {
            "userName": f"{given}.{family}.{number}.{uuid.uuid4().hex[:6]}@example.com",
            "name": {"givenName": given, "familyName": family},
        } | extra
        response = await self.client.post("/scim/v2/Users", json=user, headers=self.provisioner)
        assert response.status_code == 201, response.text
        body = response.json()
        body["_token"] = response.headers["consistency-token"]
        return body

    async def get(
        self, path: str, sub: str = "reader", *roles: str, token: str | None = None, **params: Any
    ) -> httpx.Response:
        return await self.client.get(
            path, params=params, headers=self.auth(sub, *roles, token=token)
        )


@pytest_asyncio.fixture(loop_scope="session")
async def api(profile: RunningService, make_token: TokenFactory) -> Api:
    """Helpers bound to the running service."""
    return Api(profile.client, make_token)
