"""The load client: group creations and concurrent joins, some sent twice at once.

Retries behave like a real client's: a 5xx or a request without an answer is sent
again after a pause, with the same ``Idempotency-Key`` for a creation (a join is
idempotent by itself). Every 2xx is recorded in the ``Ledger``.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass

import httpx

from collabctl.faults.ledger import Ledger
from collabctl.faults.tokens import Tokens

ATTEMPTS = 4
RETRY_PAUSE_S = 0.5
MAX_IN_FLIGHT = 48


@dataclass(frozen=True, slots=True)
class LoadPlan:
    """How much load: writes per second for a duration, the share of creations and doubles."""

    seconds: float
    rate: float = 15.0
    create_share: float = 0.15
    twice_share: float = 0.1
    seed: int = 7


class LoadClient:
    """Sends the planned writes to the group service and records what was acknowledged."""

    def __init__(
        self, http: httpx.AsyncClient, employees: list[str], tokens: Tokens, ledger: Ledger
    ) -> None:
        self.http, self.employees, self.tokens, self.ledger = http, employees, tokens, ledger
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def run(self, plan: LoadPlan) -> None:
        """Issue writes at ``plan.rate`` for ``plan.seconds``, then wait for the last answers."""
        rng, tasks = random.Random(plan.seed), set[asyncio.Task[None]]()
        started = time.monotonic()
        for n in range(int(plan.seconds * plan.rate)):
            await asyncio.sleep(max(0.0, started + n / plan.rate - time.monotonic()))
            await self._in_flight.acquire()  # a stalled server slows the client down
            twice = rng.random() < plan.twice_share
            if not self.ledger.groups or rng.random() < plan.create_share:
                job = self.create_group(rng.choice(self.employees), twice)
            else:
                group_id = rng.choice(sorted(self.ledger.groups))
                job = self.join(group_id, rng.choice(self.employees), twice)
            task = asyncio.create_task(job)
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            task.add_done_callback(lambda _task: self._in_flight.release())
        await asyncio.gather(*tasks)

    async def create_group(self, owner: str, twice: bool) -> None:
        """Create a public open group, retry-safe by its Idempotency-Key."""
        key = uuid.uuid4().hex
        headers = {**self.tokens.auth(owner), "Idempotency-Key": key}
        body = {"name": f"Fault {key[:8]}", "visibility": "public", "join_policy": "open"}
        answers = await self._send_maybe_twice("POST", "/v1/groups", headers, body, twice)
        ids = {str(r.json()["id"]) for r in answers if r.status_code == 201}
        if len(ids) > 1:
            raise AssertionError(f"one Idempotency-Key, two groups: {sorted(ids)}")
        if ids:
            self.ledger.group_created(ids.pop(), owner)

    async def join(self, group_id: str, employee_id: str, twice: bool) -> None:
        """Join a group (open: an answer 200 with status member)."""
        self.ledger.join_sent(group_id, employee_id)
        path = f"/v1/groups/{group_id}/members/me"
        answers = await self._send_maybe_twice(
            "PUT", path, self.tokens.auth(employee_id), None, twice
        )
        if any(r.status_code == 200 and r.json()["status"] == "member" for r in answers):
            self.ledger.joined(group_id, employee_id)

    async def _send_maybe_twice(
        self, method: str, path: str, headers: dict[str, str], body: object, twice: bool
    ) -> list[httpx.Response]:
        copies = 2 if twice else 1
        self.ledger.sent_twice += twice
        sent = [self._send(method, path, headers, body) for _ in range(copies)]
        answers = [r for r in await asyncio.gather(*sent) if r is not None]
        if not any(r.is_success for r in answers):
            self.ledger.unanswered += 1
        return answers

    async def _send(
        self, method: str, path: str, headers: dict[str, str], body: object
    ) -> httpx.Response | None:
        """One request with a real client's retries; None when no attempt got an answer."""
        for attempt in range(ATTEMPTS):
            if attempt:
                await asyncio.sleep(RETRY_PAUSE_S * attempt)
            try:
                response = await self.http.request(method, path, headers=headers, json=body)
            except httpx.TransportError:
                self.ledger.fail("connection")
                continue
            if response.status_code < 500:
                if response.is_client_error:
                    self.ledger.rejected[response.status_code] += 1
                return response
            self.ledger.fail("5xx")
        return None
