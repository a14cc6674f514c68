"""Support for group_bench.py: embedded servers, the service process, tokens, lag, stats."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from collab_events import topic_for
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from pymongo import AsyncMongoClient
from servicekit.auth import generate_key_pair
from servicekit.embedded import free_port, mongo_url_for, start_kafka, start_mongo
from servicekit.eventstore import EventStore
from servicekit.kafka_admin import committed_offsets, end_offsets, ensure_topics
from servicekit.processes import spawn
from servicekit.readiness import http_ready, wait_ready

PREFIX = "bench."
DATABASE = "bench_group"
GROUP_PROJECTIONS = {"group": ("groups", "members"), "profile": ("members", "owner_policy")}


@dataclass
class Stack:
    """Running servers and the group service process."""

    kafka: str
    mongo: str
    url: str
    private_pem: bytes
    tokens: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._key: Any = load_pem_private_key(self.private_pem, password=None)

    def auth(self, sub: str, *roles: str) -> dict[str, str]:
        """Bearer header; the key is parsed once, tokens are cached per subject."""
        if (cache := f"{sub}|{','.join(roles)}") not in self.tokens:
            now = int(time.time())
            claims = {
                "sub": sub,
                "roles": list(roles),
                "iss": "collab-dev",
                "aud": "collab-hub",
                "iat": now,
                "exp": now + 7200,
            }
            self.tokens[cache] = jwt.encode(claims, self._key, algorithm="RS256")
        return {"Authorization": f"Bearer {self.tokens[cache]}"}

    def topic(self, service: str) -> str:
        """A topic of the bench's prefix."""
        return topic_for(service, PREFIX)


@asynccontextmanager
async def stack(partitions: int) -> AsyncIterator[Stack]:
    """Tansu, SecantusDB and ``python -m group_service all``; everything stopped by PID."""
    logs = Path(tempfile.mkdtemp(prefix="group-bench-"))
    private, public = generate_key_pair(logs / "keys")
    with ExitStack() as stop:
        kafka = start_kafka(free_port(), log_dir=logs)
        stop.callback(kafka.stop)
        mongo = start_mongo(free_port(), log_dir=logs)
        stop.callback(mongo.stop)
        bootstrap = f"127.0.0.1:{kafka.port}"
        mongo_url = mongo_url_for(mongo.port)  # retryable writes off (see mongo_url_for)
        topics = [topic_for(s, PREFIX) for s in ("group", "profile")]
        await ensure_topics(bootstrap, topics, partitions=partitions)
        port = free_port()
        env = {
            "COLLAB_MONGO_URL": mongo_url,
            "COLLAB_MONGO_DB": DATABASE,
            "COLLAB_KAFKA_BOOTSTRAP": bootstrap,
            "COLLAB_TOPIC_PREFIX": PREFIX,
            "COLLAB_HTTP_PORT": str(port),
            "COLLAB_JWT_PUBLIC_KEY": public.read_text(),
            "COLLAB_ENVIRONMENT": "test",
            "COLLAB_TOPIC_PARTITIONS": str(partitions),
            "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
            "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
            "COLLAB_RELAY_POLL_INTERVAL_S": "0.2",
        }
        service = spawn(
            "group",
            [sys.executable, "-m", "group_service", "all"],
            port=port,
            log_path=logs / "group.log",
            env=env,
        )
        stop.callback(service.stop)
        wait_ready(service, lambda: http_ready(f"http://127.0.0.1:{port}/health/ready"), 90)
        print(f"servers up; logs in {logs}", flush=True)
        yield Stack(bootstrap, mongo_url, f"http://127.0.0.1:{port}", private.read_bytes())


async def lag(stack: Stack) -> int:
    """Events on the group and profile topics not yet applied by the service's projections."""
    total = 0
    for service, projections in GROUP_PROJECTIONS.items():
        ends = await end_offsets(stack.kafka, stack.topic(service))
        for name in projections:
            done = await committed_offsets(
                stack.kafka, f"{PREFIX}group.{name}", stack.topic(service)
            )
            total += sum(max(end - done.get(p, 0), 0) for p, end in ends.items())
    return total


async def settled(stack: Stack, *, poll_s: float = 1.0, report_s: float = 15.0) -> float:
    """Wait until the outbox is published and every projection caught up; seconds waited."""
    started, last_report = time.monotonic(), time.monotonic()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo)
    try:
        while True:
            unpublished = await EventStore(client[DATABASE]).unpublished_count()
            behind = await lag(stack)
            if unpublished == 0 and behind == 0:
                return time.monotonic() - started
            if time.monotonic() - last_report > report_s:
                print(f"  ... {unpublished} unpublished, {behind} behind", flush=True)
                last_report = time.monotonic()
            await asyncio.sleep(poll_s)
    finally:
        await client.close()


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def latency_line(label: str, seconds: Sequence[float]) -> str:
    """``label: p50 .. ms, p99 .. ms (n=..)``."""
    ms = [s * 1000 for s in seconds]
    return (
        f"{label:<44} p50 {percentile(ms, 50):8.1f} ms   p99 {percentile(ms, 99):8.1f} ms"
        f"   (n={len(ms)})"
    )
