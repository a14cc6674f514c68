"""News benchmark (prints figures, asserts nothing): with N employees in the people replica,
publish a must-read to the whole company and time the frozen audience and the fan-out of
every pending obligation; GET /v1/news latency at a fixed rate over M articles;
acknowledgements per second; the analytics query for the whole-company audience.

    .venv/bin/python services/news/bench/news_bench.py [--employees 100000] [--articles 1000]

Starts embedded Kafka and MongoDB (or $COLLAB_TEST_KAFKA / $COLLAB_TEST_MONGO) and the
service in-process (role ``all``); requests go through the ASGI app, so the figures are the
service's own time on this machine, worker included, without a network hop. People reach
the people replica as ``EmployeeRegistered`` events published straight onto the profile
topic (as ``bench/group_bench.py`` does), not through SCIM.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from collab_events import encode_record, new_envelope, topic_for
from collab_events.profile import EmployeeRegistered, ProfileFields
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from news_service.app import definition
from servicekit.auth import mint_token
from servicekit.http.app import settle_heap
from servicekit.testing.conformance import key_pair
from servicekit.testing.servers import kafka_server, mongo_server
from servicekit.testing.service import RunningService, running_service, service_settings

COUNTRIES = ("DE", "ES", "FR", "PL", "US")
DEPARTMENTS = ("Sales", "IT", "Finance", "Operations", "Research")
LOCALES = ("de-DE", "es-ES", "fr-FR", "pl-PL", "en-US")


def person(n: int) -> EmployeeRegistered:
    """One employee's registration, as the profile service publishes it."""
    locale = LOCALES[n % 5]
    fields = ProfileFields(
        user_name=f"e{n}@example.com", given_name="Bench", family_name=f"{n}",
        department=DEPARTMENTS[n % 5 - 1], country=COUNTRIES[n % 5], locale=locale,
        languages=[locale],
    )  # fmt: skip
    return EmployeeRegistered(employee_id=f"e-{n:06d}", profile=fields)


def mongo_pid(url: str) -> int | None:
    """The SecantusDB process serving ``url`` (None: not one this machine runs)."""
    port = url.rsplit(":", 1)[-1].split("/")[0]
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"secantusd" in a for a in argv) and port.encode() in argv:
            return int(entry.name)
    return None


def cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of a process (0 when unknown)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Meter:
    """Load average and CPU (this process, SecantusDB) over one phase."""

    def __init__(self, db_pid: int | None) -> None:
        self.db_pid = db_pid
        self.start()

    def start(self) -> None:
        self.own, self.db = time.process_time(), cpu_s(self.db_pid)

    def line(self, per: int = 0) -> str:
        """``[load …; CPU service … s, SecantusDB … s (per operation)]``, then restart."""
        own, db = time.process_time() - self.own, cpu_s(self.db_pid) - self.db
        load = "/".join(f"{v:.1f}" for v in os.getloadavg())
        each = f"; per op {own / per * 1000:.1f} + {db / per * 1000:.1f} ms" if per else ""
        self.start()
        return f"  [load {load}; CPU service {own:.1f} s, SecantusDB {db:.1f} s{each}]"


class Bench:
    """Calls the in-process service as any employee."""

    def __init__(self, service: RunningService, key: str, meter: Meter) -> None:
        self.service, self.meter = service, meter
        loaded = serialization.load_pem_private_key(key.encode(), password=None)
        assert isinstance(loaded, rsa.RSAPrivateKey)
        self.key = loaded
        self.tokens: dict[str, str] = {}

    def token(self, who: str, roles: tuple[str, ...] = ()) -> str:
        """The employee's bearer token, signed once (timed phases sign their callers'
        tokens before the clock starts)."""
        token = self.tokens.get(f"{who}/{roles}")
        if token is None:
            token = self.tokens[f"{who}/{roles}"] = mint_token(self.key, sub=who, roles=roles)
        return token

    async def call(
        self, method: str, url: str, who: str, roles: tuple[str, ...] = (), **kw: Any
    ) -> httpx.Response:
        token = self.token(who, roles)
        headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
        response = await self.service.client.request(method, url, headers=headers, **kw)
        response.raise_for_status()
        return response

    async def article(self, channel: str, n: int, **body: Any) -> httpx.Response:
        texts = {
            "en": {"title": f"Update {n}", "summary": "News", "body": "Body " * 50},
            "de": {"title": f"Neuigkeit {n}", "summary": "Neues", "body": "Text " * 50},
        }
        draft = {"channel_id": channel, "translations": texts, **body}
        created = (await self.call("POST", "/v1/articles", "editor", json=draft)).json()
        return await self.call(
            "POST", f"/v1/articles/{created['id']}/publish", "editor", ("communicator",)
        )


def quantiles(samples: list[float]) -> str:
    """p50 / p95 / p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100)
    return (
        f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms"
    )


async def timed(call: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def until(check: Callable[[], Awaitable[bool]], timeout_s: float = 600) -> float:
    """Seconds until ``check()`` holds."""
    started = time.perf_counter()
    for _ in range(int(timeout_s / 0.2)):
        if await check():
            break
        await asyncio.sleep(0.2)
    return time.perf_counter() - started


async def seed(service: RunningService, kafka: str, employees: int) -> None:
    """Publish every registration onto the profile topic; wait until the replica holds all."""
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka, acks="all", linger_ms=20, max_batch_size=1 << 20
    )
    await producer.start()
    try:
        topic, pending = topic_for("profile", service.runtime.settings.topic_prefix), []
        for n in range(employees):
            envelope = new_envelope(person(n), subject=f"employee:e-{n:06d}", streamversion=1)
            record = encode_record(envelope)
            pending.append(await producer.send(
                topic, value=record.value, key=record.key, headers=record.headers
            ))  # fmt: skip
            if len(pending) >= 2000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    await until(lambda: caught_up(service, "replicas"), timeout_s=1800)


async def caught_up(service: RunningService, projection: str) -> bool:
    """The projection has consumed everything on its topics (the relay published all)."""
    lag = await service.runtime.lag.refresh()
    return all(v == 0 for v in lag[projection].values())


async def must_read_fan_out(bench: Bench, channel: str, employees: int) -> str:
    started = time.perf_counter()
    bench.meter.start()
    published = await bench.article(channel, 0, must_read=True, remind_every_s=86_400)
    publish_s = time.perf_counter() - started
    article = published.headers["Consistency-Token"].split(":", 1)[1].split("@")[0]
    obliged = bench.service.runtime.models["obliged"]
    last = {"employee_ids": f"e-{employees - 1:06d}"}

    async def all_obliged() -> bool:
        # The fan-out inserts the sorted snapshot's chunks in order, so the last id comes
        # last. Not a count: that scans the collection and slows the writes it awaits.
        return article in [d["article_id"] async for d in obliged.find(last, {"article_id": 1})]

    await until(all_obliged)
    total = time.perf_counter() - started
    chunks = obliged.find({"article_id": article}, {"employee_ids": 1})
    written = len({e async for doc in chunks for e in doc["employee_ids"]})
    assert written >= employees, f"{written} obligations of {employees}"
    print(
        f"must-read to {employees} employees: publish request (audience frozen) "
        f"{publish_s:.1f} s, every pending obligation written {total:.1f} s after it "
        "(goal <= 30 s)" + bench.meter.line()
    )
    return article


async def news_latency(bench: Bench, employees: int, rps: int, seconds: float) -> None:
    samples: list[float] = []
    readers = [f"e-{random.randrange(employees):06d}" for _ in range(int(rps * seconds))]
    for who in readers:
        bench.token(who)

    async def one(who: str) -> None:
        samples.append(await timed(lambda: bench.call("GET", "/v1/news", who)))

    started, tasks = time.perf_counter(), []
    bench.meter.start()
    for i, who in enumerate(readers):
        # Open loop: request i leaves at i / rps whatever the earlier ones are doing.
        await asyncio.sleep(max(0.0, started + i / rps - time.perf_counter()))
        tasks.append(asyncio.create_task(one(who)))
    await asyncio.gather(*tasks)
    print(
        f"GET /v1/news at {rps} rps for {seconds:.0f} s: {quantiles(samples)} (goal p99 <= 25 ms)"
        + bench.meter.line(len(samples))
    )


async def acknowledgements(bench: Bench, article: str, count: int, in_flight: int = 32) -> None:
    gate = asyncio.Semaphore(in_flight)

    async def one(n: int) -> None:
        async with gate:
            await bench.call("POST", f"/v1/articles/{article}/acknowledgement", f"e-{n:06d}")

    for n in range(count):
        bench.token(f"e-{n:06d}")
    bench.meter.start()
    took = await timed(lambda: asyncio.gather(*(one(n) for n in range(count))))
    print(
        f"acknowledgements: {count} in {took:.1f} s = {count / took:.0f}/s ({in_flight} in flight)"
        + bench.meter.line(count)
    )


async def analytics(bench: Bench, article: str, employees: int, calls: int = 10) -> None:
    url = f"/v1/articles/{article}/analytics"
    bench.meter.start()
    samples = [await timed(lambda: bench.call("GET", url, "editor")) for _ in range(calls)]
    print(
        f"analytics of a {employees}-person audience, {calls} calls: {quantiles(samples)}"
        + bench.meter.line(calls)
    )


async def run(employees: int, articles: int, rps: int, seconds: float, acks: int) -> None:
    private, public = key_pair()
    with tempfile.TemporaryDirectory() as tmp, kafka_server(Path(tmp)) as kafka, \
            mongo_server(Path(tmp)) as mongo:  # fmt: skip
        settings = service_settings(
            "news", mongo_url=mongo, kafka_bootstrap=kafka, topic_prefix="bench.",
            database="bench_news", public_key=public, consistency_wait_s=30.0,
        )  # fmt: skip
        async with running_service(settings, definition()) as service:
            settle_heap()  # as the service's lifespan does after start-up
            bench = Bench(service, private, Meter(mongo_pid(mongo)))
            took = await timed(lambda: seed(service, kafka, employees))
            print(
                f"{employees} EmployeeRegistered on Kafka in the people replica: {took:.1f} s"
                + bench.meter.line()
            )
            body = {"title": "Group news", "editors": ["editor"]}
            created = await bench.call("POST", "/v1/channels", "admin", ("admin",), json=body)
            channel = created.json()["id"]
            must_read = await must_read_fan_out(bench, channel, employees)
            bench.meter.start()
            took = await timed(lambda: publish_many(bench, channel, articles))
            print(
                f"published {articles} articles in {took:.1f} s ({articles / took:.0f}/s)"
                + bench.meter.line(articles)
            )
            await news_latency(bench, employees, rps, seconds)
            await acknowledgements(bench, must_read, acks)
            await analytics(bench, must_read, employees)


async def publish_many(bench: Bench, channel: str, count: int, in_flight: int = 8) -> None:
    gate = asyncio.Semaphore(in_flight)

    async def one(n: int) -> httpx.Response:
        async with gate:
            return await bench.article(channel, n)

    answers = await asyncio.gather(*(one(n) for n in range(1, count + 1)))
    token = answers[-1].headers["Consistency-Token"]
    # Wait until the stream's read model holds the last one before timing reads.
    await bench.call("GET", "/v1/news", "e-000000", headers={"Consistency-Token": token})


def main() -> None:
    """Parse the sizes and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rps", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--acks", type=int, default=2000)
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the servers this run started are stopped by their PIDs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    asyncio.run(run(args.employees, args.articles, args.rps, args.seconds, args.acks))


if __name__ == "__main__":
    main()
