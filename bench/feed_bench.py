"""Feed service benchmark: prints figures (it never asserts timings).

    .venv/bin/python bench/feed_bench.py --followers 1000 --reads 500

Starts embedded Kafka (Tansu) and MongoDB (SecantusDB) and runs the feed service in this
process. Followers reach it as EmployeeFollowed events on the profile topic (the follows
replica). Measured: one profile post by an author with N followers -> fan-out entries/s
and the time until the last follower's home feed holds it; home-feed reads/s and latency
percentiles at a fixed concurrency; reaction writes at a steady rate.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from aiokafka import AIOKafkaProducer
from collab_events import encode_record, new_envelope, topic_for
from collab_events.profile import EmployeeFollowed
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from feed_service.app import definition
from servicekit.auth import generate_key_pair, mint_token
from servicekit.embedded import free_port, mongo_url_for, start_kafka, start_mongo
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service, service_settings

PREFIX = "fbench."


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def latency_line(label: str, seconds: Sequence[float], elapsed: float) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{label}: {len(ms) / elapsed:.0f}/s, p50 {percentile(ms, 50):.1f} ms, "
        f"p95 {percentile(ms, 95):.1f} ms, p99 {percentile(ms, 99):.1f} ms"
    )


async def follow_all(bootstrap: str, author: str, followers: list[str]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for follower in followers:
            event = EmployeeFollowed(follower_id=follower, followee_id=author)
            subject = f"follow:{follower}/{author}"
            record = encode_record(new_envelope(event, subject=subject, streamversion=1))
            await producer.send(topic_for("profile", PREFIX), value=record.value, key=record.key)
        await producer.flush()
    finally:
        await producer.stop()


async def wait_count(service: RunningService, collection: str, query: dict, n: int) -> float:
    started, models = time.perf_counter(), service.runtime.models

    async def reached() -> bool:
        return await models[collection].count_documents(query) >= n

    await eventually(reached, timeout_s=600, interval_s=0.02)
    return time.perf_counter() - started


async def fan_out(service: RunningService, token: dict[str, str], followers: int) -> str:
    started = time.perf_counter()
    answer = await service.client.post("/v1/posts", json={"text": "hello all"}, headers=token)
    post_id: str = answer.json()["id"]
    await wait_count(service, "timeline", {"post_id": post_id}, followers + 1)
    elapsed = time.perf_counter() - started
    print(
        f"fan-out: {followers + 1} entries, last follower's home feed holds it after "
        f"{elapsed:.2f} s ({(followers + 1) / elapsed:.0f} entries/s)"
    )
    return post_id


async def reads(service: RunningService, tokens: list[dict[str, str]], n: int, conc: int) -> None:
    latencies: list[float] = []
    queue = list(range(n))

    async def worker() -> None:
        while queue:
            i = queue.pop()
            started = time.perf_counter()
            answer = await service.client.get("/v1/me/feed", headers=tokens[i % len(tokens)])
            assert answer.status_code == 200
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(conc)))
    elapsed = time.perf_counter() - started
    print(latency_line(f"home feed reads ({conc} in flight)", latencies, elapsed))


async def reactions(
    service: RunningService, tokens: list[dict[str, str]], post_id: str, rate: int
) -> None:
    latencies: list[float] = []

    async def react(headers: dict[str, str]) -> None:
        started = time.perf_counter()
        url = f"/v1/posts/{post_id}/reactions/me"
        answer = await service.client.put(url, json={"type": "like"}, headers=headers)
        assert answer.status_code == 200
        latencies.append(time.perf_counter() - started)

    started, tasks = time.perf_counter(), []
    for i, headers in enumerate(tokens[: rate * 3]):  # three seconds at ``rate``/s
        await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(react(headers)))
    await asyncio.gather(*tasks)
    print(latency_line(f"reaction writes at {rate}/s", latencies, time.perf_counter() - started))


async def main(followers: int, n_reads: int, concurrency: int, rate: int) -> None:
    logs = Path(tempfile.mkdtemp(prefix="feed-bench-"))
    private, public = generate_key_pair(logs / "keys")
    key = load_pem_private_key(private.read_bytes(), None)
    with ExitStack() as stop:
        kafka = start_kafka(free_port(), log_dir=logs)
        stop.callback(kafka.stop)
        mongo = start_mongo(free_port(), log_dir=logs)
        stop.callback(mongo.stop)
        bootstrap = f"127.0.0.1:{kafka.port}"
        settings = service_settings(
            "feed",
            mongo_url=mongo_url_for(mongo.port),
            kafka_bootstrap=bootstrap,
            topic_prefix=PREFIX,
            database="bench_feed",
            public_key=public.read_text(),
        )
        async with running_service(settings, definition()) as service:
            author, people = "author", [f"f-{i:05d}" for i in range(followers)]
            tokens = [{"Authorization": f"Bearer {mint_token(key, sub=p)}"} for p in people]  # type: ignore[arg-type]
            started = time.perf_counter()
            await follow_all(bootstrap, author, people)
            await wait_count(service, "follows", {"followee_id": author}, followers)
            print(f"{followers} followers projected in {time.perf_counter() - started:.1f} s")
            mine = {"Authorization": f"Bearer {mint_token(key, sub=author)}"}  # type: ignore[arg-type]
            post_id = await fan_out(service, mine, followers)
            await reads(service, tokens, n_reads, concurrency)
            await reactions(service, tokens, post_id, rate)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--reads", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=int, default=100, help="reaction writes per second")
    args = parser.parse_args()
    asyncio.run(main(args.followers, args.reads, args.concurrency, args.rate))
