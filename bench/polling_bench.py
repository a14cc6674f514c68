"""Polling service benchmark: prints figures (it never asserts timings).

    .venv/bin/python bench/polling_bench.py --eligible 100000 --ballots 20000

A company-wide poll: ``--eligible`` employees reach the service as EmployeeRegistered
events; an audience poll for everyone opens (the electorate is frozen); ``--ballots``
open ballots are cast in a burst at ``--concurrency`` while another task reads the live
results; then the poll closes. A secret poll on the same electorate measures
credentials/s and casts/s for ``--secret`` voters (client-side blinding included).
"""

from __future__ import annotations

import argparse
import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from collab_events import encode_record, new_envelope, topic_for
from collab_events.profile import EmployeeRegistered, ProfileFields
from polling_bench_stack import PREFIX, CpuMeter, Stack, Timer, latency_line, stack
from polling_service.blindrsa.voter import credential, request_credential

OPTIONS = [{"label": f"Option {i}"} for i in range(1, 5)]


def employee(index: int) -> str:
    return f"emp-{index:06d}"


async def register(stack: Stack, count: int) -> float:
    """Publish the employees; seconds until the service's people replica holds them all."""
    timer = Timer()
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka, acks="all", linger_ms=20)
    await producer.start()
    try:
        sends = []
        for i in range(count):
            who = employee(i)
            fields = ProfileFields(user_name=f"{who}@example.com", given_name="Bench")
            event = EmployeeRegistered(employee_id=who, profile=fields)
            record = encode_record(new_envelope(event, subject=f"employee:{who}", streamversion=1))
            sends.append(
                await producer.send(
                    topic_for("profile", PREFIX),
                    value=record.value,
                    key=record.key,
                    headers=record.headers,
                )
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as client:
        await replicated(client)
    return timer.elapsed


async def replicated(client: httpx.AsyncClient) -> None:
    """Until the replicas projection has no profile events waiting."""
    for _ in range(100_000):
        lag = (await client.get("/health/ready")).json().get("lag", {}).get("replicas", {})
        if lag.get(f"{PREFIX}collab.profile.v1", 1) == 0:
            return
        await asyncio.sleep(0.5)


async def create(client: httpx.AsyncClient, stack: Stack, **body: Any) -> tuple[str, float]:
    """An audience poll for everyone; its id and the seconds until it is open."""
    closes = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    body = {
        "question": "Bench?",
        "options": OPTIONS,
        "audience": {"everyone": True},
        "closes_at": closes,
        **body,
    }
    timer = Timer()
    answer = await client.post("/v1/polls", json=body, headers=stack.auth("owner", "communicator"))
    answer.raise_for_status()
    return answer.json()["id"], timer.elapsed


RETRIES = {"transport": 0}


async def send(client: httpx.AsyncClient, method: str, url: str, **kw: Any) -> httpx.Response:
    """One request; a dropped connection is retried (and counted), a 409 after it is a success."""
    for attempt in range(5):
        try:
            answer = await client.request(method, url, **kw)
        except httpx.TransportError:
            RETRIES["transport"] += 1
            await asyncio.sleep(0.05 * (attempt + 1))
            continue
        if not (attempt and answer.status_code == 409):
            answer.raise_for_status()
        return answer
    raise RuntimeError(f"{method} {url}: the connection kept failing")


async def burst(
    count: int, concurrency: int, one: Callable[[int], Awaitable[None]]
) -> tuple[float, list[float]]:
    """Run ``one(i)`` for i < count, ``concurrency`` at a time; wall time and latencies."""
    queue = iter(range(count))
    latencies: list[float] = []

    async def worker() -> None:
        for i in queue:
            timer = Timer()
            await one(i)
            latencies.append(timer.elapsed)

    timer = Timer()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timer.elapsed, latencies


async def open_poll(stack: Stack, args: argparse.Namespace) -> None:
    async with httpx.AsyncClient(
        base_url=stack.url, timeout=120, limits=httpx.Limits(max_connections=64)
    ) as client:
        poll, opened = await create(client, stack, results_visibility="always")
        print(
            f"open poll created and opened for {args.eligible} eligible in {opened:.2f} s",
            flush=True,
        )
        rng = random.Random(7)
        reads: list[float] = []
        done = asyncio.Event()

        async def vote(i: int) -> None:
            body = {"choice": [f"o{rng.randint(1, 4)}"]}
            url = f"/v1/polls/{poll}/ballot"
            await send(client, "PUT", url, json=body, headers=stack.auth(employee(i)))

        async def read_results() -> None:
            while not done.is_set():
                timer = Timer()
                await send(client, "GET", f"/v1/polls/{poll}/results", headers=stack.auth("owner"))
                reads.append(timer.elapsed)
                await asyncio.sleep(0.2)

        for i in range(args.ballots):  # tokens are the client's cost: minted before the burst
            stack.auth(employee(i))
        reader = asyncio.create_task(read_results())
        meter = CpuMeter(stack.pids)
        wall, latencies = await burst(args.ballots, args.concurrency, vote)
        done.set()
        await reader
        cpu = meter.line(args.ballots)
        print(
            f"open ballots: {args.ballots} in {wall:.1f} s = {args.ballots / wall:.0f} ballots/s",
            flush=True,
        )
        print(latency_line("  PUT /ballot", latencies))
        print(latency_line("  GET /results while voting (live tally)", reads))
        print(cpu, flush=True)
        timer = Timer()
        (
            await client.post(f"/v1/polls/{poll}/close", headers=stack.auth("owner"))
        ).raise_for_status()
        print(
            f"close -> final result published (incl. {1} s grace): {timer.elapsed:.2f} s",
            flush=True,
        )


async def secret_poll(stack: Stack, args: argparse.Namespace) -> None:
    async with httpx.AsyncClient(
        base_url=stack.url, timeout=120, limits=httpx.Limits(max_connections=64)
    ) as client:
        poll, opened = await create(client, stack, secrecy="secret")
        print(f"secret poll created (RSA-2048 key) and opened in {opened:.2f} s", flush=True)
        jwk = (await client.get(f"/v1/polls/{poll}/ballot-key", headers=stack.auth("owner"))).json()
        creds: dict[int, Any] = {}

        async def obtain(i: int) -> None:
            request = request_credential(jwk)
            body = {"blinded_message": request.blinded_message}
            answer = await client.post(
                f"/v1/polls/{poll}/credential", json=body, headers=stack.auth(employee(i))
            )
            answer.raise_for_status()
            creds[i] = credential(request, answer.json()["blind_signature"])

        async def cast(i: int) -> None:
            body = {"token": creds[i].token, "signature": creds[i].signature, "choice": ["o1"]}
            await send(client, "POST", f"/v1/polls/{poll}/ballots", json=body)

        for i in range(args.secret):
            stack.auth(employee(i))
        meter = CpuMeter(stack.pids)
        wall, latencies = await burst(args.secret, args.concurrency, obtain)
        rate = args.secret / wall
        print(f"credentials: {args.secret} in {wall:.1f} s = {rate:.0f}/s (client side included)")
        print(latency_line("  POST /credential", latencies))
        print(meter.line(args.secret))
        meter = CpuMeter(stack.pids)
        wall, latencies = await burst(args.secret, args.concurrency, cast)
        print(f"secret casts: {args.secret} in {wall:.1f} s = {args.secret / wall:.0f}/s")
        print(latency_line("  POST /ballots", latencies))
        print(meter.line(args.secret), flush=True)
        timer = Timer()
        (
            await client.post(f"/v1/polls/{poll}/close", headers=stack.auth("owner"))
        ).raise_for_status()
        print(
            f"close -> {args.secret} secret ballots published and tallied: {timer.elapsed:.2f} s",
            flush=True,
        )


async def main(args: argparse.Namespace) -> None:
    async with stack(args.partitions) as running:
        seconds = await register(running, args.eligible)
        print(f"{args.eligible} employees registered and replicated in {seconds:.1f} s", flush=True)
        await open_poll(running, args)
        await secret_poll(running, args)
        print(f"dropped connections retried: {RETRIES['transport']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eligible", type=int, default=100_000)
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--secret", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--partitions", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
