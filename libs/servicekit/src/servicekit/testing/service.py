"""Run a service in-process for tests: runtime started, HTTP client on the ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from servicekit.http.app import create_app
from servicekit.service import Role, ServiceDefinition, ServiceRuntime
from servicekit.settings import ServiceSettings


@dataclass
class RunningService:
    """A started runtime and a client talking to its app."""

    runtime: ServiceRuntime
    client: httpx.AsyncClient


def service_settings(
    name: str,
    *,
    mongo_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    database: str,
    public_key: str,
    **overrides: object,
) -> ServiceSettings:
    """Settings for a service under test: fast consumer groups, isolated names."""
    values: dict[str, object] = dict(
        environment="test",
        service_name=name,
        mongo_url=mongo_url,
        mongo_db=database,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        topic_partitions=2,
        kafka_session_timeout_ms=2000,
        kafka_heartbeat_interval_ms=500,
        relay_poll_interval_s=0.2,
        relay_watch_changes=False,  # one process: appends wake the relay directly
        jwt_public_key=public_key,
        projection_retry_backoff_s=0.01,
        consistency_wait_s=3.0,
    )
    values.update(overrides)
    return ServiceSettings.model_validate(values)


@asynccontextmanager
async def running_service(
    settings: ServiceSettings, definition: ServiceDefinition, role: Role = "all"
) -> AsyncIterator[RunningService]:
    """Start the runtime (and worker) and yield an HTTP client; stop everything after."""
    runtime = ServiceRuntime(settings, definition)
    app = create_app(runtime, role)
    await runtime.start(role)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield RunningService(runtime, client)
    finally:
        await runtime.stop()
