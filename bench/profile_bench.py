"""Benchmark of the profile service on embedded Kafka (Tansu) and MongoDB (SecantusDB).

    .venv/bin/python bench/profile_bench.py --employees 100000

Starts the servers and the service (``python -m profile_service all``, a separate
process) on free ports, seeds an organisation through the service's SCIM API,
then prints: registration throughput, time until the read models caught up,
directory-search and org-chart latency p50/p99 at a steady request rate, and
the MongoDB storage size. Every process it starts is stopped by its PID.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from collab_events import topic_for
from collabctl.seed import seed_organisation
from collabctl.seed.organisation import COUNTRIES, DEPARTMENTS
from pymongo import AsyncMongoClient
from servicekit.auth import generate_key_pair, mint_token
from servicekit.embedded import free_port, mongo_url_for, start_kafka, start_mongo
from servicekit.eventstore import EventStore
from servicekit.kafka_admin import committed_offsets, end_offsets
from servicekit.processes import ServerProcess, spawn
from servicekit.readiness import http_ready, wait_ready

DATABASE, PREFIX = "collab_profile", "bench."
PROJECTIONS = ("directory", "follows")


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--follows", type=float, default=0.2, help="follows per employee")
    parser.add_argument("--rate", type=float, default=20.0, help="queries per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="per latency phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-bench-") as tmp:
        asyncio.run(run(Path(tmp), args))


async def run(tmp: Path, args: argparse.Namespace) -> None:
    """Start everything, measure, stop everything."""
    started: list[ServerProcess] = []
    try:
        mongo = _keep(started, start_mongo(free_port(), log_dir=tmp, storage_path=str(tmp / "db")))
        kafka = _keep(started, start_kafka(free_port(), log_dir=tmp))
        private, public = generate_key_pair(tmp / "keys")
        mongo_url, bootstrap = mongo_url_for(mongo.port), f"127.0.0.1:{kafka.port}"
        port = free_port()
        _keep(started, _start_service(tmp, port, mongo_url, bootstrap, public))
        base = f"http://127.0.0.1:{port}"
        print(f"servers up; seeding {args.employees} employees (concurrency {args.concurrency})")
        await measure(base, mongo_url, bootstrap, private.read_text(), args)
    finally:
        for server in reversed(started):
            server.stop()


def _keep(started: list[ServerProcess], server: ServerProcess) -> ServerProcess:
    started.append(server)
    return server


def _start_service(
    tmp: Path, port: int, mongo_url: str, bootstrap: str, public_key: Path
) -> ServerProcess:
    env = {
        "COLLAB_MONGO_URL": mongo_url,
        "COLLAB_MONGO_DB": DATABASE,
        "COLLAB_KAFKA_BOOTSTRAP": bootstrap,
        "COLLAB_TOPIC_PREFIX": PREFIX,
        "COLLAB_HTTP_PORT": str(port),
        "COLLAB_JWT_PUBLIC_KEY_FILE": str(public_key),
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "OTEL_SDK_DISABLED": "true",
    }
    argv = [sys.executable, "-m", "profile_service", "all"]
    server = spawn("profile", argv, port=port, log_path=tmp / "profile.log", env=env)
    wait_ready(server, lambda: http_ready(f"http://127.0.0.1:{port}/health/live"), 60)
    return server


async def measure(
    base: str, mongo_url: str, bootstrap: str, key: str, args: argparse.Namespace
) -> None:
    """Seed, wait for the projections, probe latency, report storage."""
    t0 = time.perf_counter()
    result = await seed_organisation(
        base,
        args.employees,
        private_key_pem=key,
        concurrency=args.concurrency,
        follows_per_employee=args.follows,
    )
    writes_done = time.perf_counter()
    caught_up = await wait_caught_up(mongo_url, bootstrap, args.employees)
    rate = result.employees / result.registration_s
    print(
        f"\nregistration (SCIM create): {result.employees} employees in "
        f"{result.registration_s:.1f} s = {rate:.0f} employees/s"
    )
    print(
        f"profile completion (PATCH skills, languages, about): {result.profiles_s:.1f} s "
        f"= {result.employees / result.profiles_s:.0f}/s"
    )
    print(f"follows: {result.follows} in {result.follows_s:.1f} s")
    print(
        f"read models caught up {caught_up - writes_done:.1f} s after the last write "
        f"({caught_up - t0:.1f} s after the first)"
    )
    headers = {"Authorization": f"Bearer {mint_token(key, sub=result.ids[0], ttl_s=7200)}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        queries = Queries(result.ids)
        for name, request in (
            ("directory search", queries.search),
            ("org chart (chain)", queries.chain),
            ("org chart (reports)", queries.reports),
        ):
            latencies = await steady(client, request, args.rate, args.seconds)
            print(_latency_line(name, latencies, args.rate))
    await print_storage(mongo_url)


async def wait_caught_up(mongo_url: str, bootstrap: str, employees: int) -> float:
    """Time at which the outbox is empty and every projection has consumed the topic."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db, topic = client[DATABASE], topic_for("profile", PREFIX)
    try:
        while True:
            unpublished = await EventStore(db).unpublished_count()
            ends = await end_offsets(bootstrap, topic)
            lag = 0
            for projection in PROJECTIONS:
                done = await committed_offsets(bootstrap, f"{PREFIX}profile.{projection}", topic)
                lag += sum(max(end - done.get(p, 0), 0) for p, end in ends.items())
            if unpublished == 0 and lag == 0:
                return time.perf_counter()
            await asyncio.sleep(0.5)
    finally:
        await client.close()


class Queries:
    """Realistic requests: name prefixes, facets, chains and reports of random people."""

    def __init__(self, ids: list[str]) -> None:
        self.ids, self.rng = ids, random.Random(11)
        names = [n for c in COUNTRIES.values() for n in c[0] + c[1]]
        self.prefixes = [n[: self.rng.randint(2, 4)] for n in names]

    def search(self) -> tuple[str, dict[str, str]]:
        params = {"q": self.rng.choice(self.prefixes)}
        if self.rng.random() < 0.3:
            params["department"] = self.rng.choice(list(DEPARTMENTS))
        if self.rng.random() < 0.1:
            params = {
                "skill": self.rng.choice(DEPARTMENTS["Engineering"][1]),
                "country": self.rng.choice(list(COUNTRIES)),
            }
        return "/v1/employees", params

    def chain(self) -> tuple[str, dict[str, str]]:
        return f"/v1/employees/{self.rng.choice(self.ids)}/chain", {}

    def reports(self) -> tuple[str, dict[str, str]]:
        manager = self.ids[int(self.rng.paretovariate(1.2)) % max(len(self.ids) // 7, 1)]
        return f"/v1/employees/{manager}/reports", {}


async def steady(
    client: httpx.AsyncClient,
    request: Callable[[], tuple[str, dict[str, str]]],
    rate: float,
    seconds: float,
) -> list[float]:
    """Open-loop load: start a request every 1/rate s regardless of answers; latencies in s."""
    latencies: list[float] = []
    tasks: list[Awaitable[None]] = []

    async def one(path: str, params: dict[str, str]) -> None:
        began = time.perf_counter()
        response = await client.get(path, params=params)
        response.raise_for_status()
        latencies.append(time.perf_counter() - began)

    start = time.perf_counter()
    for i in range(int(rate * seconds)):
        await asyncio.sleep(max(start + i / rate - time.perf_counter(), 0))
        tasks.append(asyncio.create_task(one(*request())))
    await asyncio.gather(*tasks)
    return latencies


def _latency_line(name: str, latencies: list[float], rate: float) -> str:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return (
        f"{name}: p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms "
        f"({len(latencies)} requests at {rate:.0f}/s)"
    )


async def print_storage(mongo_url: str) -> None:
    """dbStats of the service database and the largest collections."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    try:
        db = client[DATABASE]
        stats = await db.command("dbStats")
        print(
            f"MongoDB storage: data {stats['storageSize'] / 2**20:.1f} MiB + indexes "
            f"{stats['indexSize'] / 2**20:.1f} MiB = {stats['totalSize'] / 2**20:.1f} MiB "
            f"({stats['objects']} documents)"
        )
        for name in sorted(await db.list_collection_names()):
            coll = await db.command("collStats", name)
            print(
                f"  {name}: {coll['count']} docs, {coll['storageSize'] / 2**20:.1f} MiB "
                f"+ indexes {coll['totalIndexSize'] / 2**20:.1f} MiB"
            )
    finally:
        await client.close()


if __name__ == "__main__":
    main()
