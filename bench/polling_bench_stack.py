"""Support for polling_bench.py: embedded servers and the polling service as a process."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collab_events import topic_for
from cryptography.hazmat.primitives import serialization
from servicekit.auth import generate_key_pair, mint_token
from servicekit.embedded import free_port, mongo_url_for, start_kafka, start_mongo
from servicekit.kafka_admin import ensure_topics
from servicekit.processes import spawn
from servicekit.readiness import http_ready, wait_ready

PREFIX = "bench."
DATABASE = "bench_polling"


@dataclass
class Stack:
    """Running servers and the polling service process."""

    kafka: str
    url: str
    private_pem: str
    pids: dict[str, int] = field(default_factory=dict)  # service and SecantusDB
    tokens: dict[str, str] = field(default_factory=dict)

    signing_key: Any = None

    def auth(self, sub: str, *roles: str) -> dict[str, str]:
        """Bearer header; tokens cached per subject.

        The key is parsed once: parsing a PEM key validates it (~0.1 s of CPU each time),
        which made the client, not the service, the bottleneck of a burst of voters.
        """
        if self.signing_key is None:
            self.signing_key = serialization.load_pem_private_key(self.private_pem.encode(), None)
        if (cache := f"{sub}|{','.join(roles)}") not in self.tokens:
            self.tokens[cache] = mint_token(self.signing_key, sub=sub, roles=roles, ttl_s=7200)
        return {"Authorization": f"Bearer {self.tokens[cache]}"}


@asynccontextmanager
async def stack(partitions: int) -> AsyncIterator[Stack]:
    """Tansu, SecantusDB and ``python -m polling_service all``; everything stopped by PID."""
    logs = Path(tempfile.mkdtemp(prefix="polling-bench-"))
    private, public = generate_key_pair(logs / "keys")
    with ExitStack() as stop:
        kafka = start_kafka(free_port(), log_dir=logs)
        stop.callback(kafka.stop)
        mongo = start_mongo(free_port(), log_dir=logs)
        stop.callback(mongo.stop)
        bootstrap = f"127.0.0.1:{kafka.port}"
        topics = [topic_for(s, PREFIX) for s in ("polling", "profile", "group")]
        await ensure_topics(bootstrap, topics, partitions=partitions)
        port = free_port()
        env = {
            "COLLAB_MONGO_URL": mongo_url_for(mongo.port),
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
            "COLLAB_POLLING_CLOSE_GRACE_S": "1",
        }
        argv = [sys.executable, "-m", "polling_service", "all"]
        service = spawn("polling", argv, port=port, log_path=logs / "polling.log", env=env)
        stop.callback(service.stop)
        wait_ready(service, lambda: http_ready(f"http://127.0.0.1:{port}/health/ready"), 90)
        print(f"servers up; logs in {logs}", flush=True)
        pids = {"service": service.pid, "secantusdb": mongo.pid}
        yield Stack(bootstrap, f"http://127.0.0.1:{port}", private.read_text(), pids)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def latency_line(label: str, seconds: Sequence[float]) -> str:
    """``label  p50 .. ms  p99 .. ms (n=..)``."""
    ms = [s * 1000 for s in seconds] or [0.0]
    p50, p99 = percentile(ms, 50), percentile(ms, 99)
    return f"{label:<40} p50 {p50:8.1f} ms   p99 {p99:8.1f} ms   (n={len(seconds)})"


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU the servers spent over a phase, per operation, with the load average."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.start = {name: cpu_seconds(pid) for name, pid in pids.items()}

    def line(self, operations: int) -> str:
        """``  server CPU: service .. ms/op, secantusdb .. ms/op; load average ..``."""
        spent = {n: cpu_seconds(p) - self.start[n] for n, p in self.pids.items()}
        per_op = ", ".join(
            f"{n} {1000 * s / max(operations, 1):.1f} ms/op" for n, s in spent.items()
        )
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        return f"  server CPU: {per_op}; load average {load}"


class Timer:
    """Seconds since construction."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        """Seconds so far."""
        return time.perf_counter() - self.start
