"""Pytest fixtures for real Kafka and MongoDB, isolated names and dev tokens.

Loaded with ``-p servicekit.testing.plugin``. Servers are started once per session
(see ``servicekit.testing.servers``) and stopped by PID when the session ends.
"""

from __future__ import annotations

import signal
import threading
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

import pytest
import pytest_asyncio
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from servicekit.auth import generate_key_pair, mint_token
from servicekit.settings import ServiceSettings
from servicekit.testing.servers import kafka_server, mongo_server
from servicekit.testing.service import service_settings

Document = dict[str, Any]


class TokenFactory(Protocol):
    """Mints a development token: ``make_token("e-1", ["admin"], ttl_s=60)``."""

    def __call__(self, sub: str, roles: Sequence[str] = (), **overrides: Any) -> str: ...


def pytest_configure(config: pytest.Config) -> None:
    """Turn SIGTERM into KeyboardInterrupt so session teardown still stops our servers."""
    in_main = threading.current_thread() is threading.main_thread()
    if in_main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the default SIGTERM handling installed by ``pytest_configure``."""
    if signal.getsignal(signal.SIGTERM) is _interrupt:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def test_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory for the logs of the servers this session starts."""
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="session")
def kafka_bootstrap(test_log_dir: Path) -> Iterator[str]:
    """Bootstrap servers of the session's Kafka."""
    with kafka_server(test_log_dir) as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def mongo_url(test_log_dir: Path) -> Iterator[str]:
    """Connection string of the session's MongoDB."""
    with mongo_server(test_log_dir) as url:
        yield url


@pytest.fixture(scope="session")
def jwt_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(private PEM, public PEM) of a key pair generated for this session."""
    private_path, public_path = generate_key_pair(tmp_path_factory.mktemp("jwt-keys"))
    return private_path.read_text(), public_path.read_text()


@pytest_asyncio.fixture(loop_scope="session")
async def mongo_client(mongo_url: str) -> AsyncIterator[AsyncMongoClient[Document]]:
    """An async client for the session's MongoDB, closed after the test."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_url)
    try:
        yield client
    finally:
        await client.close()


@pytest_asyncio.fixture(loop_scope="session")
async def mongo_db(
    mongo_client: AsyncMongoClient[Document],
) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database with a unique name, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    try:
        yield mongo_client[name]
    finally:
        await mongo_client.drop_database(name)


@pytest.fixture
def topic_prefix() -> str:
    """A unique topic prefix such as ``t1a2b3c4d.``, isolating a test's topics."""
    return f"t{uuid.uuid4().hex[:8]}."


class SettingsFactory(Protocol):
    """Settings of a service under test on the session's servers, this test's names."""

    def __call__(self, name: str, **overrides: object) -> ServiceSettings: ...


@pytest.fixture
def settings_for(
    mongo_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    mongo_db: AsyncDatabase[Document],
    jwt_keys: tuple[str, str],
) -> SettingsFactory:
    """``settings_for("sample", projection_retries=0)``: isolated topics and database."""

    def make(name: str, **overrides: object) -> ServiceSettings:
        return service_settings(
            name,
            mongo_url=mongo_url,
            kafka_bootstrap=kafka_bootstrap,
            topic_prefix=topic_prefix,
            database=mongo_db.name,
            public_key=jwt_keys[1],
            **overrides,
        )

    return make


@pytest.fixture
def make_token(jwt_keys: tuple[str, str]) -> TokenFactory:
    """A function minting tokens signed with the session key (issuer collab-dev)."""
    private_pem = jwt_keys[0]

    def make(sub: str, roles: Sequence[str] = (), **overrides: Any) -> str:
        claims: dict[str, Any] = {"issuer": "collab-dev", "audience": "collab-hub", **overrides}
        return mint_token(private_pem, sub=sub, roles=list(roles), **claims)

    return make
