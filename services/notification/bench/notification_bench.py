"""Notification benchmark (prints figures, asserts nothing): a must-read to N employees ->
time until all N notifications are written; unread-count latency at a fixed rate; a mention
-> visible in the centre; a digest run for N people; the immediate mails of the must-read.

    .venv/bin/python services/notification/bench/notification_bench.py [--employees 100000]

Starts embedded Kafka and MongoDB (or $COLLAB_TEST_KAFKA / $COLLAB_TEST_MONGO) and the
service in-process (role ``all``, mailer off); requests go through the ASGI app, so the
figures are the service's own time on this machine, worker included, without a network hop.
People are written straight into the replica; upstream events are published to Kafka as the
news and feed services would. The digest run composes every due digest (no SMTP); then
the mailer's queue of the N must-read notifications is timed: one window read of the
backlog, and composing and recording every mail.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope, topic_for
from collab_events.feed import PostPublished
from collab_events.news import ArticlePublished, Headline, NewsAudience
from notification_service.app import definition
from notification_service.config import NotificationOptions
from notification_service.delivery.digests import queue_digests
from notification_service.delivery.immediate import queue_immediate
from servicekit.auth import mint_token
from servicekit.http.app import settle_heap
from servicekit.testing.conformance import key_pair
from servicekit.testing.servers import kafka_server, mongo_server
from servicekit.testing.service import RunningService, running_service, service_settings

OPTIONS = NotificationOptions(mail_enabled=False, timer_interval_s=3600)
PARTS = frozenset(
    {"unread", "mention", "digest", "tick", "mail"}
)  # after the must-read, which always runs


def quantiles(samples: list[float]) -> str:
    """p50 / p95 / p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100)
    return (
        f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms"
    )


async def until(check: Callable[[], Awaitable[bool]], timeout_s: float = 600) -> float:
    """Seconds until ``check()`` holds (or the timeout)."""
    started = time.perf_counter()
    for _ in range(int(timeout_s / 0.05)):
        if await check():
            break
        await asyncio.sleep(0.05)
    return time.perf_counter() - started


class Bench:
    """Publishes upstream events and calls the in-process service as any employee."""

    def __init__(self, service: RunningService, producer: AIOKafkaProducer, key: str) -> None:
        self.service, self.producer, self.key = service, producer, key
        self.tokens: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    async def publish(self, service: str, subject: str, event: Event, actor: str | None) -> None:
        version = self.versions[subject] = self.versions.get(subject, 0) + 1
        record = encode_record(
            new_envelope(event, subject=subject, streamversion=version, actor_id=actor)
        )
        topic = topic_for(service, self.service.runtime.settings.topic_prefix)
        await self.producer.send_and_wait(
            topic, value=record.value, key=record.key, headers=record.headers
        )

    async def get(self, url: str, who: str) -> Any:
        token = self.tokens.get(who) or self.tokens.setdefault(who, mint_token(self.key, sub=who))
        response = await self.service.client.get(url, headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        return response.json()


async def seed(service: RunningService, employees: int) -> None:
    """People in the replica, with addresses and a daily digest due at midnight UTC."""
    models, due = service.runtime.models, datetime(1970, 1, 1, tzinfo=UTC)
    for start in range(0, employees, 5000):
        ids = [f"e-{n:06d}" for n in range(start, min(employees, start + 5000))]
        await models["people"].insert_many(
            [
                {
                    "_id": e,
                    "_v": 1,
                    "active": True,
                    "display_name": f"Person {e}",
                    "locale": "de-DE" if n % 2 else "en-US",
                    "timezone": "UTC",
                }
                for n, e in enumerate(ids)
            ]
        )
        await models["addresses"].insert_many(
            [{"_id": e, "_v": 1, "email": f"{e}@example.com"} for e in ids]
        )
        await models["preferences"].insert_many(
            [{"_id": e, "_v": 1, "digest": "daily", "digest_hour": 0, "due_at": due} for e in ids]
        )


async def must_read(bench: Bench, employees: int) -> None:
    notes = bench.service.runtime.models["notifications"]
    article = ArticlePublished(
        article_id="a-bench",
        channel_id="c-1",
        article_version=1,
        languages=["en"],
        default_language="en",
        must_read=True,
        headlines={"en": Headline(title="Read me")},
        audience=NewsAudience(everyone=True),
        published_at=datetime.now(UTC).isoformat(),
    )
    started = time.perf_counter()
    await bench.publish("news", "article:a-bench", article, "editor")

    # The inbox checkpoints the article's stream once its handler wrote every notification;
    # polling that one document (not a count over the growing collection) keeps the
    # measurement off the database it measures.
    applied = bench.service.runtime.models["applied_inbox"]

    async def all_written() -> bool:
        return await applied.find_one({"_id": "article:a-bench", "v": {"$gte": 1}}) is not None

    await until(all_written, timeout_s=1800)
    took = time.perf_counter() - started
    written = await notes.count_documents({"type": "must_read"})
    print(
        f"must-read to {employees} employees: {written} notifications written "
        f"{took:.1f} s after publishing (goal <= 30 s)"
    )


async def unread_latency(bench: Bench, employees: int, rps: int, seconds: float) -> None:
    samples: list[float] = []
    # Tokens are minted before the clock runs: signing parses the RSA key (~ms, blocking).
    callers = [f"e-{random.randrange(employees):06d}" for _ in range(min(employees, 500))]
    for who in callers:
        bench.tokens.setdefault(who, mint_token(bench.key, sub=who))

    async def one() -> None:
        who = random.choice(callers)
        started = time.perf_counter()
        await bench.get("/v1/me/notifications/unread-count", who)
        samples.append(time.perf_counter() - started)

    started, tasks = time.perf_counter(), []
    for i in range(max(int(rps * seconds), 2)):
        # Open loop: request i leaves at i / rps whatever the earlier ones are doing.
        await asyncio.sleep(max(0.0, started + i / rps - time.perf_counter()))
        tasks.append(asyncio.create_task(one()))
    await asyncio.gather(*tasks)
    print(
        f"GET unread-count at {rps} rps for {seconds:.0f} s: {quantiles(samples)} "
        "(goal p99 <= 10 ms)"
    )


async def mention_visible(bench: Bench, employees: int, count: int) -> None:
    samples: list[float] = []
    for n in range(count):
        who = f"e-{random.randrange(1, employees):06d}"
        bench.tokens.setdefault(who, mint_token(bench.key, sub=who))
        post = PostPublished(
            post_id=f"p-bench-{n}",
            author_id="e-000000",
            profile_id="e-000000",
            visibility="profile",
            mentions=[who],
        )
        started = time.perf_counter()
        await bench.publish("feed", f"post:{post.post_id}", post, "e-000000")

        async def visible(who: str = who, post_id: str = post.post_id) -> bool:
            items = (await bench.get("/v1/me/notifications?limit=5", who))["items"]
            return any(i["target"]["id"] == post_id for i in items)

        await until(visible, timeout_s=60)
        samples.append(time.perf_counter() - started)
    print(f"mention -> visible in the centre, {count} mentions: {quantiles(samples)}")


async def digest_run(service: RunningService, employees: int) -> None:
    started = time.perf_counter()
    await queue_digests(service.runtime.ports, datetime.now(UTC).replace(hour=1))
    took = time.perf_counter() - started
    composed = await service.runtime.models["mails"].count_documents({"kind": "digest"})
    print(
        f"digest run for {employees} people: {composed} digests composed in {took:.1f} s "
        f"({composed / took:.0f}/s)"
    )


async def idle_digest_tick(service: RunningService, employees: int) -> None:
    """A digest tick when nobody is due, against the former read of every subscriber."""
    models, ports = service.runtime.models, service.runtime.ports
    started = time.perf_counter()
    await queue_digests(ports, datetime.now(UTC).replace(hour=1, minute=30))
    took = time.perf_counter() - started
    print(f"digest tick with {employees} subscribers, none due: {took * 1000:.1f} ms")
    started, read = time.perf_counter(), 0
    chunk: list[str] = []
    async for doc in models["preferences"].find({"digest": {"$in": ["daily", "weekly"]}}):
        chunk.append(doc["_id"])
        if len(chunk) == 50:
            read += len(await ports.replicas.people.people_by_id(chunk))
            chunk = []
    took = time.perf_counter() - started
    print(f"the former tick's read of every subscriber and person ({read}): {took:.1f} s")


async def immediate_mails(service: RunningService, employees: int) -> None:
    models, ports = service.runtime.models, service.runtime.ports
    started = time.perf_counter()
    window = await models["mail_queue"].find({"key": {"$gt": 0, "$lte": 10}}).to_list(None)
    took = time.perf_counter() - started
    ids = sum(len(e["ids"]) for e in window)
    print(f"mail queue window with a backlog of {employees}: {ids} ids in {took * 1000:.1f} ms")
    started, composed = time.perf_counter(), 0
    while claimed := await queue_immediate(ports, datetime.now(UTC)):
        composed += len(claimed)
    took = time.perf_counter() - started
    print(
        f"immediate mails of the must-read: {composed} composed and recorded in {took:.1f} s "
        f"({composed / took:.0f}/s)"
    )


async def measure(
    service: RunningService,
    producer: AIOKafkaProducer,
    key: str,
    *,
    employees: int,
    rps: int,
    seconds: float,
    mentions: int,
    parts: frozenset[str] = PARTS,
) -> None:
    """Every figure, on a running service (the test suite calls this with a small N)."""
    bench = Bench(service, producer, key)
    started = time.perf_counter()
    await seed(service, employees)
    print(f"seeded {employees} people in {time.perf_counter() - started:.1f} s")
    await must_read(bench, employees)
    if "unread" in parts:
        await unread_latency(bench, employees, rps, seconds)
    if "mention" in parts:
        await mention_visible(bench, employees, mentions)
    if "digest" in parts:
        await digest_run(service, employees)
    if "tick" in parts:
        await idle_digest_tick(service, employees)
    if "mail" in parts:
        await immediate_mails(service, employees)


async def run(
    employees: int, rps: int, seconds: float, mentions: int, parts: frozenset[str]
) -> None:
    private, public = key_pair()
    with (
        tempfile.TemporaryDirectory() as tmp,
        kafka_server(Path(tmp)) as kafka,
        mongo_server(Path(tmp)) as mongo,
    ):
        settings = service_settings(
            "notification",
            mongo_url=mongo,
            kafka_bootstrap=kafka,
            topic_prefix="bench.",
            database="bench_notification",
            public_key=public,
        )
        async with running_service(settings, definition(OPTIONS)) as service:
            settle_heap()  # as the service's lifespan does after start-up
            producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
            await producer.start()
            try:
                await measure(
                    service,
                    producer,
                    private,
                    employees=employees,
                    rps=rps,
                    seconds=seconds,
                    mentions=mentions,
                    parts=parts,
                )
            finally:
                await producer.stop()


def main() -> None:
    """Parse the sizes and run; SIGTERM stops the servers like Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--rps", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--mentions", type=int, default=50)
    parser.add_argument("--parts", default=",".join(sorted(PARTS)), help="after the must-read")
    args = parser.parse_args()
    parts = frozenset(p for p in args.parts.split(",") if p)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    asyncio.run(run(args.employees, args.rps, args.seconds, args.mentions, parts))


if __name__ == "__main__":
    main()
