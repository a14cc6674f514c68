"""A service as its own process, for the standards' checkers (schemathesis) in tests.

``served_service`` starts ``python -m <name>_service all`` against the session's
Kafka and MongoDB on a free loopback port, waits for ``/health/ready``, and stops the
process by its PID (and drops its database) afterwards. ``ConformanceTarget`` names
what of a service a run covers and as whom.
"""

from __future__ import annotations

import re
import sys
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pymongo import MongoClient

from servicekit.embedded import free_port
from servicekit.http.app import create_app
from servicekit.processes import spawn
from servicekit.readiness import http_ready, wait_ready
from servicekit.service import ServiceDefinition, ServiceRuntime
from servicekit.settings import ServiceSettings

HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0
Caller = tuple[str, tuple[str, ...]]  # (sub, roles)
# Fast consumer-group joins and relay polling, as every test's service runs with.
TEST_SETTINGS = {
    "COLLAB_ENVIRONMENT": "test",
    "COLLAB_HTTP_HOST": HOST,
    "COLLAB_TOPIC_PARTITIONS": "2",
    "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
    "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
    "COLLAB_RELAY_POLL_INTERVAL_S": "0.2",
}
EMPLOYEE: Caller = ("e-conformance-employee", ())
ADMIN: Caller = ("e-conformance-admin", ("admin",))


@dataclass(frozen=True)
class ServedService:
    """A service process serving HTTP at ``base_url``."""

    name: str
    base_url: str
    database: str
    log_path: Path


@dataclass(frozen=True)
class ConformanceTarget:
    """A service's operations (all, or those matching ``include``) and the callers to test."""

    name: str
    label: str = ""
    include: str | None = None  # path regex
    exclude: str | None = None  # path regex
    callers: Mapping[str, Caller] = field(
        default_factory=lambda: {"employee": EMPLOYEE, "admin": ADMIN}
    )
    env: Mapping[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """``label`` or the service's name: names the generated tests."""
        return self.label or self.name


@contextmanager
def served_service(
    name: str,
    *,
    mongo_url: str,
    kafka_bootstrap: str,
    public_key: str,
    log_dir: Path,
    env: Mapping[str, str] | None = None,
) -> Iterator[ServedService]:
    """Run ``<name>_service`` (api and worker) in a child process until the block ends."""
    port, tag = free_port(), uuid.uuid4().hex[:8]
    database = f"t_{name}_{tag}"
    settings = {
        "COLLAB_MONGO_URL": mongo_url,
        "COLLAB_MONGO_DB": database,
        "COLLAB_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "COLLAB_TOPIC_PREFIX": f"t{tag}.",
        "COLLAB_JWT_PUBLIC_KEY": public_key,
        "COLLAB_HTTP_PORT": str(port),
        **TEST_SETTINGS,
        **(env or {}),
    }
    argv = [sys.executable, "-m", f"{name}_service", "all"]
    log_path = log_dir.resolve() / f"{name}-service-{port}.log"
    server = spawn(f"{name}-service", argv, port=port, log_path=log_path, env=settings)
    base_url = f"http://{HOST}:{port}"
    try:
        wait_ready(server, lambda: http_ready(f"{base_url}/health/ready"), START_TIMEOUT_S)
        yield ServedService(name, base_url, database, log_path)
    finally:
        server.stop()
        client: MongoClient[dict[str, Any]] = MongoClient(mongo_url)
        try:
            client.drop_database(database)
        finally:
            client.close()


def openapi_document(definition: ServiceDefinition) -> dict[str, Any]:
    """The OpenAPI document a service serves, built without starting it."""
    settings = ServiceSettings(
        environment="test", service_name=definition.name, jwt_public_key="unused"
    )
    document: dict[str, Any] = create_app(ServiceRuntime(settings, definition)).openapi()
    return document


def key_pair() -> tuple[str, str]:
    """A fresh RSA key pair as (private PEM, public PEM), kept in memory."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()


def answered(base_url: str) -> dict[str, int]:
    """Requests the service has answered so far, per status class (from ``/metrics``)."""
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=10) as response:
        text = response.read().decode()
    counts: dict[str, int] = {}
    for match in _COUNT.finditer(text):
        route, status, value = match.group(1), match.group(2), float(match.group(3))
        if not route.startswith(("/health", "/metrics", "/openapi")):
            key = f"{status[0]}xx"
            counts[key] = counts.get(key, 0) + int(value)
    return counts


_COUNT = re.compile(
    r'^collab_http_request_seconds_count\{method="[^"]*",route="([^"]*)",status="(\d+)"\} (\S+)$',
    re.MULTILINE,
)
