"""Seed through the profile service's own command path: SCIM Bulk, profile edits, follows."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from servicekit.auth import mint_token

from collabctl.seed.bulk import BulkRegistrar, check
from collabctl.seed.organisation import Person, organisation, profile_extras, scim_user

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class SeedResult:
    """What a seeding run did and how long each phase took."""

    employees: int
    follows: int
    registration_s: float
    profiles_s: float
    follows_s: float
    ids: list[str]

    @property
    def total_s(self) -> float:
        """All phases."""
        return self.registration_s + self.profiles_s + self.follows_s


class Seeder:
    """Talks to one profile service with minted tokens and bounded concurrency."""

    def __init__(self, client: httpx.AsyncClient, private_key_pem: str, concurrency: int) -> None:
        self.client, self.key = client, private_key_pem
        self.limit = asyncio.Semaphore(concurrency)
        self.provisioner = self.auth("collabctl-seed", "provisioner")
        self.hr = self.auth("collabctl-seed", "hr")

    def auth(self, sub: str, *roles: str) -> dict[str, str]:
        """Headers with a freshly minted token."""
        return {"Authorization": f"Bearer {mint_token(self.key, sub=sub, roles=roles, ttl_s=7200)}"}

    async def register(self, person: Person, manager_id: str | None) -> str:
        """Provision one person (reusing the id when their userName already exists)."""
        async with self.limit:
            body = scim_user(person, manager_id)
            response = await self.client.post("/scim/v2/Users", json=body, headers=self.provisioner)
            if response.status_code == 409:
                return await self.existing(person.user_name)
            check(response)
            return str(response.json()["id"])

    async def complete_profile(self, person: Person, employee_id: str) -> None:
        """Fill in what employees write themselves (skills, languages, about)."""
        async with self.limit:
            path = f"/v1/employees/{employee_id}"
            check(await self.client.patch(path, json=profile_extras(person), headers=self.hr))

    async def existing(self, user_name: str) -> str:
        """The id of the employee holding ``user_name`` (a second seed finds the first's)."""
        for _ in range(50):  # the directory may lag a moment behind the write
            params = {"filter": f'userName eq "{user_name}"'}
            found = await self.client.get("/scim/v2/Users", params=params, headers=self.provisioner)
            check(found)
            if resources := found.json()["Resources"]:
                return str(resources[0]["id"])
            await asyncio.sleep(0.1)
        raise RuntimeError(f"{user_name} is taken but cannot be found")

    async def follow(self, follower: str, followees: Sequence[str]) -> int:
        """``follower`` follows each of ``followees`` (idempotent)."""
        async with self.limit:
            headers = self.auth(follower)
            for followee in followees:
                check(await self.client.put(f"/v1/me/following/{followee}", headers=headers))
            return len(followees)


async def seed_organisation(
    base_url: str,
    employees: int,
    *,
    private_key_pem: str,
    concurrency: int = 16,
    follows_per_employee: float = 2.0,
    seed: int = 7,
    progress: Progress | None = None,
    client: httpx.AsyncClient | None = None,
    in_flight: int = 3,
    profiles: bool = True,
) -> SeedResult:
    """Register people by SCIM Bulk (``in_flight`` requests at a time), complete their
    profiles (``profiles``), add follows.

    ``client`` (its base URL set) replaces a client of our own for ``base_url``, e.g. in tests.
    """
    people = organisation(employees, seed)
    own = httpx.AsyncClient(base_url=base_url, timeout=120) if client is None else None
    async with own or contextlib.nullcontext(client) as http:
        assert http is not None
        seeder = Seeder(http, private_key_pem, concurrency)
        started = time.perf_counter()
        registrar = BulkRegistrar(
            seeder, in_flight, lambda done: progress and progress("register", done, len(people))
        )
        ids = await registrar.register_all(people)
        registered = time.perf_counter()
        await _gather(
            [seeder.complete_profile(p, ids[p.index]) for p in people if profiles],
            lambda done: progress and progress("profiles", done, len(people)),
        )
        completed = time.perf_counter()
        follows = await _follow_some(seeder, people, ids, follows_per_employee, seed, progress)
    return SeedResult(
        len(ids),
        follows,
        registered - started,
        completed - registered,
        time.perf_counter() - completed,
        [ids[p.index] for p in people],
    )


async def _follow_some(
    seeder: Seeder,
    people: list[Person],
    ids: dict[int, str],
    per_employee: float,
    seed: int,
    progress: Progress | None,
) -> int:
    """Each chosen follower follows their manager and a colleague of their department."""
    rng = random.Random(seed)
    by_department: dict[str, list[str]] = {}
    for person in people:
        by_department.setdefault(person.department, []).append(ids[person.index])
    chosen = [p for p in people if p.manager is not None and rng.random() < per_employee / 2]
    plans = []
    for person in chosen:
        colleague = rng.choice(by_department[person.department])
        targets = {ids[person.manager or 0], colleague} - {ids[person.index]}
        plans.append(seeder.follow(ids[person.index], sorted(targets)))
    counts = await _gather(plans, lambda done: progress and progress("follow", done, len(plans)))
    return sum(counts)


async def _gather(jobs: Sequence[Awaitable[T]], report: Callable[[int], Any]) -> list[T]:
    """Run jobs concurrently (the seeder bounds them), reporting progress every 500."""
    done = 0

    async def tracked(job: Awaitable[T]) -> T:
        nonlocal done
        result = await job
        done += 1
        if done % 500 == 0:
            report(done)
        return result

    return await asyncio.gather(*(tracked(job) for job in jobs))
