"""Feed service benchmark: prints figures (it never asserts timings).

    .venv/bin/python bench/feed_bench.py --employees 100000 --followers 1000 --big-group 20000

Starts embedded Kafka (Tansu) and MongoDB (SecantusDB) and the feed service as its own
process (``python -m feed_service all``). Employees, follows and the members of one large
group reach its replicas as profile and group events published straight to Kafka (as
bench/group_bench.py seeds people). Posts, comments and reactions go through HTTP.
Measured: one profile post by an author with N followers -> timeline entries/s and the
time until the last follower's home feed holds it; home-feed reads/s and latency at a
fixed concurrency and at a fixed rate; a post in the large group (merged at read time)
-> when members' home feeds show it; comment and reaction writes at a steady rate.
Every figure comes with the load average and the server CPU (feed process + SecantusDB,
from /proc/<pid>/stat) per operation.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.group import GroupCreated, GroupMemberJoined
from collab_events.profile import EmployeeFollowed, EmployeeRegistered, ProfileFields
from collabctl.seed.organisation import organisation, title
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from pymongo import AsyncMongoClient
from servicekit.auth import generate_key_pair
from servicekit.embedded import free_port, mongo_url_for, start_kafka, start_mongo
from servicekit.kafka_admin import committed_offsets, end_offsets, ensure_topics
from servicekit.processes import spawn
from servicekit.readiness import http_ready, wait_ready

PREFIX = "fbench."
DATABASE = "bench_feed"
BIG_GROUP = "grp-all-hands"
# Consumer groups (``<service>.<projection>``) whose lag says the seed is projected.
SEED_PROJECTIONS = {"profile": ("replicas", "timelines"), "group": ("replicas", "timelines")}
TICK = 1 / os.sysconf("SC_CLK_TCK")


def employee_id(index: int) -> str:
    return f"emp-{index:06d}"


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def load() -> str:
    return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) * TICK


@dataclass
class Stack:
    """Running servers, the feed service process and an HTTP client to it."""

    kafka: str
    mongo: str
    http: httpx.AsyncClient
    private_pem: bytes
    pids: dict[str, int]
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._key: Any = load_pem_private_key(self.private_pem, password=None)

    def auth(self, sub: str) -> dict[str, str]:
        """Bearer header; the key is parsed once, tokens are minted once per subject."""
        if sub not in self.tokens:
            now = int(time.time())
            claims = {"sub": sub, "iss": "collab-dev", "aud": "collab-hub", "iat": now}
            token = jwt.encode({**claims, "exp": now + 7200}, self._key, algorithm="RS256")
            self.tokens[sub] = {"Authorization": f"Bearer {token}"}
        return self.tokens[sub]

    def cpu(self) -> dict[str, float]:
        return {name: cpu_s(pid) for name, pid in self.pids.items()}


class Meter:
    """Wall time, load average and server CPU over one measured step."""

    def __init__(self, st: Stack) -> None:
        self.st, self.started, self.cpu = st, time.perf_counter(), st.cpu()

    def line(self, ops: int) -> str:
        wall = time.perf_counter() - self.started
        used = {k: v - self.cpu[k] for k, v in self.st.cpu().items()}
        per_op = " + ".join(f"{name} {1000 * s / max(ops, 1):.1f}" for name, s in used.items())
        return f"[{wall:.1f} s wall, server CPU ms/op: {per_op}; {load()}]"


def latency_line(label: str, seconds: Sequence[float], elapsed: float) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{label}: {len(ms)} in {elapsed:.1f} s = {len(ms) / elapsed:.0f}/s, "
        f"p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
        f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms"
    )


@asynccontextmanager
async def stack(partitions: int, large_group: int) -> AsyncIterator[Stack]:
    """Tansu, SecantusDB and ``python -m feed_service all``; everything stopped by PID."""
    logs = Path(tempfile.mkdtemp(prefix="feed-bench-"))
    private, public = generate_key_pair(logs / "keys")
    with ExitStack() as stop:
        kafka = start_kafka(free_port(), log_dir=logs)
        stop.callback(kafka.stop)
        mongo = start_mongo(free_port(), log_dir=logs)
        stop.callback(mongo.stop)
        bootstrap, mongo_url = f"127.0.0.1:{kafka.port}", mongo_url_for(mongo.port)
        topics = [topic_for(s, PREFIX) for s in ("feed", "group", "profile", "news", "polling")]
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
            "COLLAB_FEED_LARGE_GROUP": str(large_group),
            "COLLAB_FEED_UPLOAD_SWEEP_INTERVAL_S": "3600",
        }
        argv = [sys.executable, "-m", "feed_service", "all"]
        service = spawn("feed", argv, port=port, log_path=logs / "feed.log", env=env)
        stop.callback(service.stop)
        url = f"http://127.0.0.1:{port}"
        wait_ready(service, lambda: http_ready(f"{url}/health/ready"), 90)
        print(f"servers up; logs in {logs}; {load()}", flush=True)
        pids = {"feed": service.pid, "mongo": mongo.pid}
        timeout = httpx.Timeout(60, pool=None)  # requests queued at a fixed rate wait their turn
        async with httpx.AsyncClient(base_url=url, timeout=timeout) as http:
            yield Stack(bootstrap, mongo_url, http, private.read_bytes(), pids)


async def lag(st: Stack) -> int:
    """Seed events on the profile and group topics not yet applied by the feed's replicas."""
    total = 0
    for service, projections in SEED_PROJECTIONS.items():
        topic = topic_for(service, PREFIX)
        ends = await end_offsets(st.kafka, topic)
        for name in projections:
            done = await committed_offsets(st.kafka, f"{PREFIX}feed.{name}", topic)
            total += sum(max(end - done.get(p, 0), 0) for p, end in ends.items())
    return total


async def settled(st: Stack) -> None:
    last_report = time.monotonic()
    while (behind := await lag(st)) > 0:
        if time.monotonic() - last_report > 20:
            print(f"  ... {behind} events behind; {load()}", flush=True)
            last_report = time.monotonic()
        await asyncio.sleep(0.5)


async def publish(st: Stack, service: str, items: Sequence[tuple[str, int, Event]]) -> None:
    """Publish (subject, stream version, event) records, batched."""
    producer = AIOKafkaProducer(
        bootstrap_servers=st.kafka, acks="all", linger_ms=20, max_batch_size=1 << 20
    )
    await producer.start()
    try:
        pending = []
        for subject, version, event in items:
            record = encode_record(new_envelope(event, subject=subject, streamversion=version))
            topic = topic_for(service, PREFIX)
            sent = await producer.send(
                topic, value=record.value, key=record.key, headers=record.headers
            )
            pending.append(sent)
            if len(pending) >= 2000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def seed_people(st: Stack, args: argparse.Namespace) -> None:
    """Employees, then the author's followers; settled."""
    meter = Meter(st)
    registered = [
        (
            f"employee:{employee_id(p.index)}",
            1,
            EmployeeRegistered(
                employee_id=employee_id(p.index),
                profile=ProfileFields(
                    given_name=p.given,
                    family_name=p.family,
                    display_name=f"{p.given} {p.family}",
                    job_title=title(p),
                    department=p.department,
                    email=p.user_name,
                ),
            ),
        )
        for p in organisation(args.employees)
    ]
    await publish(st, "profile", registered)
    await settled(st)
    print(f"seeded {args.employees} employees {meter.line(args.employees)}", flush=True)
    meter, author = Meter(st), employee_id(0)
    follows: list[tuple[str, int, Event]] = [
        (f"follow:{f}/{author}", 1, EmployeeFollowed(follower_id=f, followee_id=author))
        for f in followers(args)
    ]
    await publish(st, "profile", follows)
    await settled(st)
    print(f"seeded {len(follows)} follows of {author} {meter.line(len(follows))}", flush=True)
    for f in followers(args):
        st.auth(f)


async def seed_big_group(st: Stack, args: argparse.Namespace) -> None:
    """The large group and its members; settled."""
    meter, members = Meter(st), big_members(args)
    created = GroupCreated(
        group_id=BIG_GROUP, title="All Hands", visibility="public", owner_id=members[0]
    )
    group: list[tuple[str, int, Event]] = [(f"group:{BIG_GROUP}", 1, created)]
    for e in members:
        joined = GroupMemberJoined(group_id=BIG_GROUP, employee_id=e, role="member")
        group.append((f"group:{BIG_GROUP}/member:{e}", 1, joined))
    await publish(st, "group", group)
    await settled(st)
    print(f"seeded a {len(members)}-member group {meter.line(len(group))}", flush=True)


def followers(args: argparse.Namespace) -> list[str]:
    return [employee_id(i) for i in range(1, args.followers + 1)]


def big_members(args: argparse.Namespace) -> list[str]:
    """The large group: the author, every follower, then the next employees."""
    return [employee_id(i) for i in range(min(args.big_group, args.employees))]


async def post(st: Stack, author: str, text: str, group_id: str | None = None) -> str:
    body: dict[str, Any] = {"text": text, **({"group_id": group_id} if group_id else {})}
    answer = await st.http.post("/v1/posts", json=body, headers=st.auth(author))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def home_ids(st: Stack, reader: str) -> list[str]:
    answer = await st.http.get("/v1/me/feed", headers=st.auth(reader))
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


async def timeline_count(st: Stack, post_id: str) -> int:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(st.mongo)
    try:
        return await client[DATABASE]["timeline"].count_documents({"post_id": post_id})
    finally:
        await client.close()


async def warm_up(st: Stack, args: argparse.Namespace, group_id: str | None = None) -> None:
    """Timelines with history: profile posts by the author (or posts in the large group)."""
    meter, author = Meter(st), employee_id(0)
    for i in range(args.history):
        await post(st, author, f"update {i}", group_id)
    last = followers(args)[-1]
    for _ in range(3000):  # up to ten minutes
        if len(await home_ids(st, last)) >= min(20, args.history):
            break
        await asyncio.sleep(0.2)
    where = "in the large group" if group_id else "on the author's profile"
    print(f"history: {args.history} posts {where} {meter.line(args.history)}", flush=True)
    await asyncio.sleep(5)  # let the fan-out finish before the next figure


async def bench_fan_out(st: Stack, args: argparse.Namespace, rounds: int = 3) -> None:
    """A profile post by the author -> every follower's timeline entry, the last one's feed."""
    author, last = employee_id(0), followers(args)[-1]
    for r in range(rounds):
        meter, started = Meter(st), time.perf_counter()
        post_id = await post(st, author, f"hello all, round {r}")
        entries, seen = 0, None
        while entries < args.followers + 1 or seen is None:
            if seen is None and post_id in await home_ids(st, last):
                seen = time.perf_counter() - started
            if entries < args.followers + 1:
                entries = await timeline_count(st, post_id)
                written = time.perf_counter() - started
            await asyncio.sleep(0.01)
        print(
            f"fan-out round {r + 1}: {entries} entries written in {written:.2f} s "
            f"({entries / written:.0f} entries/s); the last follower's home feed held it "
            f"after {seen:.2f} s {meter.line(entries)}",
            flush=True,
        )


async def timed(
    calls: Sequence[Callable[[], Awaitable[httpx.Response]]],
    *,
    concurrency: int | None = None,
    rate: float | None = None,
) -> tuple[list[float], float]:
    """Run calls at a bounded concurrency, or started at a fixed rate; (latencies, wall)."""
    gate = asyncio.Semaphore(concurrency or len(calls))
    latencies: list[float] = []

    async def one(call: Callable[[], Awaitable[httpx.Response]]) -> None:
        async with gate:
            t = time.perf_counter()
            response = await call()
            latencies.append(time.perf_counter() - t)
            assert response.status_code < 300, response.text

    started, tasks = time.perf_counter(), []
    for i, call in enumerate(calls):
        if rate is not None:
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(call)))
    await asyncio.gather(*tasks)
    return latencies, time.perf_counter() - started


async def bench_reads(st: Stack, args: argparse.Namespace, what: str) -> None:
    """Home-feed first pages of followers."""
    readers = followers(args)

    def read(i: int) -> Callable[[], Awaitable[httpx.Response]]:
        return lambda: st.http.get("/v1/me/feed", headers=st.auth(readers[i % len(readers)]))

    meter = Meter(st)
    latencies, wall = await timed([read(i) for i in range(args.reads)], concurrency=8)
    label = f"home feed ({what}), 8 in flight"
    print(latency_line(label, latencies, wall), meter.line(args.reads), flush=True)
    for rate in args.read_rates:
        if rate > 1.2 * args.reads / wall:  # it would only measure a growing queue
            print(f"home feed ({what}) at {rate}/s: not run, above the throughput measured")
            continue
        n, meter = int(rate * 5), Meter(st)
        latencies, wall = await timed([read(i + 7) for i in range(n)], rate=rate)
        label = f"home feed ({what}) at {rate}/s"
        print(latency_line(label, latencies, wall), meter.line(n), flush=True)


async def bench_big_group(st: Stack, args: argparse.Namespace, sample: int = 100) -> None:
    """A post in the large group -> when a sample of its members' home feeds show it."""
    members = big_members(args)
    watchers = random.Random(7).sample(members[1:], min(sample, len(members) - 1))
    for w in watchers:
        st.auth(w)
    meter, started = Meter(st), time.perf_counter()
    post_id = await post(st, members[-1], "everyone: the big news", BIG_GROUP)
    delays: dict[str, float] = {}
    gate = asyncio.Semaphore(8)

    async def watch(reader: str) -> None:
        while reader not in delays:
            async with gate:
                if post_id in await home_ids(st, reader):
                    delays[reader] = time.perf_counter() - started
            await asyncio.sleep(0.02)

    await asyncio.gather(*(watch(w) for w in watchers))
    latency = latency_line(
        f"{len(members)}-member group post visible in {len(watchers)} members' home feeds",
        list(delays.values()),
        time.perf_counter() - started,
    )
    print(latency.split(":")[0] + ": after" + latency.split("/s,")[1], meter.line(1), flush=True)


async def bench_writes(st: Stack, args: argparse.Namespace) -> None:
    """Reactions and comments on one post at a steady rate (three seconds each)."""
    post_id = await post(st, employee_id(0), "react to me")
    people = followers(args)[: args.rate * 3]
    reactions = [
        lambda p=p: st.http.put(
            f"/v1/posts/{post_id}/reactions/me", json={"type": "like"}, headers=st.auth(p)
        )
        for p in people
    ]
    comments = [
        lambda p=p: st.http.post(
            f"/v1/posts/{post_id}/comments", json={"text": "well said"}, headers=st.auth(p)
        )
        for p in people
    ]
    for label, calls in (("reaction", reactions), ("comment", comments)):
        meter = Meter(st)
        latencies, wall = await timed(calls, rate=args.rate)
        line = latency_line(f"{label} writes at {args.rate}/s", latencies, wall)
        print(line, meter.line(len(calls)), flush=True)


async def run(args: argparse.Namespace) -> None:
    async with stack(args.partitions, args.large_group) as st:
        await seed_people(st, args)
        await warm_up(st, args)
        await bench_fan_out(st, args)
        await bench_reads(st, args, "timeline only")
        await bench_writes(st, args)
        await seed_big_group(st, args)
        await bench_big_group(st, args)
        await warm_up(st, args, BIG_GROUP)
        await bench_reads(st, args, f"timeline + the {args.big_group}-member group merged")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--big-group", type=int, default=20_000, help="members of the group")
    parser.add_argument("--large-group", type=int, default=5000, help="COLLAB_FEED_LARGE_GROUP")
    parser.add_argument("--history", type=int, default=15, help="posts of each kind beforehand")
    parser.add_argument("--reads", type=int, default=1000)
    parser.add_argument("--read-rates", type=int, nargs="*", default=[100, 220])
    parser.add_argument("--rate", type=int, default=100, help="comment/reaction writes per s")
    parser.add_argument("--partitions", type=int, default=3)
    started = time.monotonic()
    asyncio.run(run(parser.parse_args()))
    print(f"total {time.monotonic() - started:.0f} s; {load()}")


if __name__ == "__main__":
    main()
