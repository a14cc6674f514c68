"""Group service benchmark: prints figures (it never asserts timings).

    .venv/bin/python bench/group_bench.py --employees 100000 --groups 2000

Starts embedded Kafka (Tansu) and MongoDB (SecantusDB) and the group service as
its own process (``python -m group_service all``). Employees come from the demo
organisation generator and reach the service as EmployeeRegistered events
published on its input topic. Groups and their memberships are seeded through
the service's own event store (the same append path the API uses, many streams
per transaction), then the relay and the projections build the read models.
Measured: seeding, HTTP join throughput, member-list and directory latency,
and how long a profile rename takes to show in a big group's member list.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from collab_events import Event, encode_record, new_envelope
from collab_events.group import GroupCreated, GroupMemberJoined
from collab_events.profile import EmployeeProfileUpdated, EmployeeRegistered, ProfileFields
from collabctl.seed.organisation import organisation, title
from group_bench_stack import DATABASE, Stack, latency_line, settled, stack
from pymongo import AsyncMongoClient
from servicekit.eventstore import EventStore, StreamAppend

TOPICS = [
    "Python",
    "Kubernetes",
    "Running",
    "Photography",
    "Cooking",
    "Chess",
    "Design",
    "Security",
    "Data",
    "Cycling",
    "Music",
    "Gardening",
    "Rust",
    "Finance",
    "Hiring",
]
KINDS = ["Guild", "Club", "Circle", "Community", "Team", "Forum", "Network"]
PLACES = ["Berlin", "München", "Tokyo", "Austin", "Paris", "Global", "EMEA", "São Paulo"]
APPEND_STREAMS = 250  # membership streams per transaction while seeding


def employee_id(index: int) -> str:
    return f"emp-{index:06d}"


def group_plan(args: argparse.Namespace, rng: random.Random) -> list[dict[str, Any]]:
    """Groups with a realistic size distribution: a few huge, a long tail of small ones."""
    sizes = [int(args.big_size * (1 + 0.1 * i)) for i in range(args.big_groups)]
    mu, sigma = math.log(args.median_size), 1.2
    while len(sizes) < args.groups:
        sizes.append(min(max(int(rng.lognormvariate(mu, sigma)), 2), args.big_size // 4))
    plans = []
    for i, size in enumerate(sizes):
        topic = rng.choice(TOPICS)
        big = i < args.big_groups
        plans.append(
            {
                "id": f"grp-{i:05d}",
                "size": min(size, args.employees),
                "title": f"All Hands {i}"
                if big
                else f"{rng.choice(PLACES)} {topic} {rng.choice(KINDS)}",
                "tags": [topic.lower(), rng.choice(["social", "work", "learning"])],
                "language": rng.choices(["en", "de", "fr", "ja", "es"], [6, 2, 1, 1, 1])[0],
                "visibility": "public"
                if big
                else rng.choices(["public", "private", "secret"], [7, 2, 1])[0],
                "join_policy": "open"
                if big
                else rng.choices(["open", "request", "invite"], [6, 3, 1])[0],
            }
        )
    return plans


async def publish(
    producer: AIOKafkaProducer, topic: str, items: list[tuple[str, int, Event]]
) -> None:
    """Publish (employee id, stream version, event) as profile events, batched."""
    pending = []
    for employee, version, event in items:
        record = encode_record(
            new_envelope(event, subject=f"employee:{employee}", streamversion=version)
        )
        pending.append(
            await producer.send(topic, value=record.value, key=record.key, headers=record.headers)
        )
        if len(pending) >= 2000:
            await asyncio.gather(*pending)
            pending.clear()
    await asyncio.gather(*pending)


async def seed_people(st: Stack, count: int, producer: AIOKafkaProducer) -> None:
    """EmployeeRegistered for ``count`` people of the demo organisation."""
    people = organisation(count)
    started = time.monotonic()
    await publish(
        producer,
        st.topic("profile"),
        [
            (
                employee_id(p.index),
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
            for p in people
        ],
    )
    published = time.monotonic() - started
    await settled(st)
    total = time.monotonic() - started
    print(
        f"seeded {count} employees: published in {published:.1f}s, projected after "
        f"{total:.1f}s ({count / total:.0f}/s)",
        flush=True,
    )


async def seed_groups(
    st: Stack, plans: list[dict[str, Any]], employees: int, rng: random.Random
) -> dict[str, set[str]]:
    """Every group with its owner and members, appended through the event store."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(st.mongo)
    store, members = EventStore(client[DATABASE]), {}
    started, appended = time.monotonic(), 0
    try:
        for plan in plans:
            people = [employee_id(i) for i in rng.sample(range(employees), plan["size"])]
            members[plan["id"]] = set(people)
            appended += await _append_group(store, plan, people)
        appended_s = time.monotonic() - started
        await settled(st)
    finally:
        await client.close()
    total = time.monotonic() - started
    print(
        f"seeded {len(plans)} groups, {appended} memberships: appended in {appended_s:.1f}s, "
        f"projected after {total:.1f}s ({appended / total:.0f} memberships/s)",
        flush=True,
    )
    return members


async def _append_group(store: EventStore, plan: dict[str, Any], people: list[str]) -> int:
    group_id, owner = plan["id"], people[0]
    created = GroupCreated(
        group_id=group_id,
        title=plan["title"],
        tags=plan["tags"],
        language=plan["language"],
        visibility=plan["visibility"],
        join_policy=plan["join_policy"],
        owner_id=owner,
    )
    appends = [StreamAppend(f"group:{group_id}", 0, [created])]
    for i, person in enumerate(people):
        joined = GroupMemberJoined(
            group_id=group_id, employee_id=person, role="owner" if i == 0 else "member"
        )
        appends.append(StreamAppend(f"group:{group_id}/member:{person}", 0, [joined]))
    for start in range(0, len(appends), APPEND_STREAMS):
        await store.append_streams(appends[start : start + APPEND_STREAMS])
    return len(people)


async def timed(
    calls: list[Callable[[], Awaitable[httpx.Response]]], concurrency: int
) -> tuple[list[float], float]:
    """Run calls with bounded concurrency; (latencies, wall seconds)."""
    gate, latencies = asyncio.Semaphore(concurrency), []

    async def one(call: Callable[[], Awaitable[httpx.Response]]) -> None:
        async with gate:
            t = time.perf_counter()
            response = await call()
            latencies.append(time.perf_counter() - t)
            assert response.status_code < 300, response.text

    started = time.perf_counter()
    await asyncio.gather(*(one(c) for c in calls))
    return latencies, time.perf_counter() - started


async def bench_joins(
    st: Stack,
    http: httpx.AsyncClient,
    plans: list[dict[str, Any]],
    members: dict[str, set[str]],
    args: argparse.Namespace,
    rng: random.Random,
) -> None:
    """Real HTTP joins into open public groups (half into the biggest one)."""
    open_groups = [
        p["id"] for p in plans if p["join_policy"] == "open" and p["visibility"] != "secret"
    ]
    pairs = []
    for i in range(args.joins):
        group = plans[0]["id"] if i % 2 == 0 else rng.choice(open_groups)
        who = employee_id(rng.randrange(args.employees))
        while who in members[group]:
            who = employee_id(rng.randrange(args.employees))
        members[group].add(who)
        pairs.append((group, st.auth(who)))  # tokens minted before the clock starts
    calls = [lambda g=g, h=h: http.put(f"/v1/groups/{g}/members/me", headers=h) for g, h in pairs]
    half = len(calls) // 2
    for concurrency, batch in ((1, calls[:half]), (args.concurrency, calls[half:])):
        latencies, wall = await timed(batch, concurrency)
        caught_up = await settled(st, poll_s=0.1)
        print(
            f"joins: {len(batch)} at concurrency {concurrency}: {len(batch) / wall:.0f} "
            f"joins/s answered; all projected {caught_up:.1f}s after the last answer "
            f"({len(batch) / (wall + caught_up):.0f} joins/s end to end)"
        )
        print(
            latency_line(f"join request latency (concurrency {concurrency})", latencies), flush=True
        )


async def walk(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], limit: int, pages: int
) -> tuple[list[float], list[str]]:
    """Follow next_cursor for up to ``pages`` pages; (latencies, cursors seen)."""
    latencies, cursors, cursor = [], [], None
    for _ in range(pages):
        t = time.perf_counter()
        response = await http.get(
            url, headers=headers, params={"limit": limit, **({"cursor": cursor} if cursor else {})}
        )
        latencies.append(time.perf_counter() - t)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
        cursors.append(cursor)
    return latencies, cursors


async def bench_member_lists(
    st: Stack,
    http: httpx.AsyncClient,
    plans: list[dict[str, Any]],
    members: dict[str, set[str]],
    rng: random.Random,
) -> None:
    """Member pages of the biggest group (first, walked, random) and of a typical group."""
    big = plans[0]["id"]
    viewer = st.auth(next(iter(members[big])))
    url = f"/v1/groups/{big}/members"
    walked, cursors = await walk(http, url, viewer, 50, 10_000)
    first, _ = await timed([lambda: http.get(url, headers=viewer, params={"limit": 50})] * 200, 1)
    random_pages, _ = await timed(
        [
            lambda c=rng.choice(cursors): http.get(
                url, headers=viewer, params={"limit": 50, "cursor": c}
            )
            for _ in range(200)
        ],
        1,
    )
    typical = sorted(plans, key=lambda p: p["size"])[len(plans) // 2]
    small_url = f"/v1/groups/{typical['id']}/members"
    small_viewer = st.auth(next(iter(members[typical["id"]])))
    small, _ = await timed([lambda: http.get(small_url, headers=small_viewer)] * 200, 1)
    size = len(members[big])
    print(latency_line(f"member list, {size} members, first page", first))
    print(latency_line(f"member list, {size} members, whole walk", walked))
    print(latency_line(f"member list, {size} members, random page", random_pages))
    print(latency_line(f"member list, typical group ({typical['size']})", small), flush=True)


async def bench_directory(
    st: Stack,
    http: httpx.AsyncClient,
    plans: list[dict[str, Any]],
    employees: int,
    rng: random.Random,
) -> None:
    """Directory pages as random employees: first page, walked pages, name and tag search."""
    viewers = [st.auth(employee_id(rng.randrange(employees))) for _ in range(50)]
    words = [w for p in plans for w in p["title"].split() if len(w) > 3]

    def get(params: dict[str, Any]) -> Callable[[], Awaitable[httpx.Response]]:
        return lambda: http.get("/v1/groups", headers=rng.choice(viewers), params=params)

    first, _ = await timed([get({"limit": 20}) for _ in range(200)], 1)
    walked, _ = await walk(http, "/v1/groups", viewers[0], 20, 200)
    by_name, _ = await timed(
        [get({"q": rng.choice(words)[: rng.randint(3, 6)]}) for _ in range(200)], 1
    )
    by_tag, _ = await timed([get({"tag": rng.choice(TOPICS)}) for _ in range(200)], 1)
    print(latency_line(f"directory ({len(plans)} groups), first page", first))
    print(latency_line("directory, walked pages", walked))
    print(latency_line("directory, name search (prefix)", by_name))
    print(latency_line("directory, tag filter", by_tag), flush=True)


async def bench_rename(
    st: Stack,
    http: httpx.AsyncClient,
    producer: AIOKafkaProducer,
    plans: list[dict[str, Any]],
    members: dict[str, set[str]],
    rounds: int = 5,
) -> None:
    """Profile rename (event published) -> new name on the big group's member page."""
    big = plans[0]["id"]
    viewer = st.auth(next(iter(members[big])))
    url = f"/v1/groups/{big}/members"
    page = (await http.get(url, headers=viewer, params={"limit": 50})).json()["items"]
    delays = []
    for i, member in enumerate(page[1 : rounds + 1]):
        new_name = f"{member['name']} Renamed{i}"
        event = EmployeeProfileUpdated(
            employee_id=member["employee_id"], changes=ProfileFields(display_name=new_name)
        )
        await publish(producer, st.topic("profile"), [(member["employee_id"], 2, event)])
        started = time.perf_counter()
        while True:
            items = (await http.get(url, headers=viewer, params={"limit": 50})).json()["items"]
            if any(m["name"] == new_name for m in items):
                break
            await asyncio.sleep(0.005)
        delays.append(time.perf_counter() - started)
    print(latency_line(f"rename visible in {len(members[big])}-member list", delays), flush=True)


async def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    plans = group_plan(args, rng)
    async with stack(args.partitions) as st:
        producer = AIOKafkaProducer(
            bootstrap_servers=st.kafka, acks="all", linger_ms=20, max_batch_size=1 << 20
        )
        await producer.start()
        try:
            async with httpx.AsyncClient(base_url=st.url, timeout=60) as http:
                await seed_people(st, args.employees, producer)
                members = await seed_groups(st, plans, args.employees, rng)
                await bench_joins(st, http, plans, members, args, rng)
                await bench_member_lists(st, http, plans, members, rng)
                await bench_directory(st, http, plans, args.employees, rng)
                await bench_rename(st, http, producer, plans, members)
        finally:
            await producer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=2_000)
    parser.add_argument("--big-groups", type=int, default=1, help="groups of --big-size or more")
    parser.add_argument("--big-size", type=int, default=20_000)
    parser.add_argument("--median-size", type=int, default=8, help="median of the other groups")
    parser.add_argument("--joins", type=int, default=1_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    started = time.monotonic()
    asyncio.run(run(parser.parse_args()))
    print(f"total {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
