"""Registration through SCIM Bulk: batches within the advertised limits, a few in flight.

People come managers first. A manager in the same batch is referred to by bulkId
(``bulkId:p<index>``), one in an earlier batch by the id it was given, awaited
before the batch takes a slot (so batches waiting for others never hold one). A
person whose userName exists already (a second seed) gets the existing id; whoever
referred to them by bulkId is sent again, with that id.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from collabctl.seed.organisation import Person, scim_user

if TYPE_CHECKING:
    from collabctl.seed.client import Seeder

BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
_ATTEMPTS = 4  # of one Bulk request, after a 5xx or a lost answer
_ROUNDS = 5  # a dependency resent after a taken name: deeper chains in one batch are rare
Report = Callable[[int], None]  # registered so far


def check(response: httpx.Response) -> None:
    """Raise with the method, path, status and body of an error answer."""
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text[:300]}"
        )


async def bulk_limits(seeder: Seeder) -> tuple[int, int]:
    """(maxOperations, maxPayloadSize) of the profile service; RuntimeError without Bulk."""
    response = await seeder.client.get("/scim/v2/ServiceProviderConfig", headers=seeder.provisioner)
    check(response)
    bulk = response.json().get("bulk", {})
    if not bulk.get("supported"):
        raise RuntimeError("the profile service does not support SCIM Bulk")
    return int(bulk["maxOperations"]), int(bulk["maxPayloadSize"])


def batches(people: Sequence[Person], max_operations: int, max_bytes: int) -> list[list[Person]]:
    """Consecutive people in batches of at most ``max_operations`` and ~90 % of ``max_bytes``."""
    budget, size = int(max_bytes * 0.9), 0
    found: list[list[Person]] = []
    current: list[Person] = []
    for person in people:
        # an id is 36 characters, as long as any manager reference
        cost = len(json.dumps(operation(person, "x" * 36)).encode()) + 2
        if current and (len(current) == max_operations or size + cost > budget):
            found.append(current)
            current, size = [], 0
        current.append(person)
        size += cost
    return [*found, current] if current else found


def operation(person: Person, manager: str | None) -> dict[str, Any]:
    """The POST of one person (``manager``: an id or a bulkId reference)."""
    return {
        "method": "POST",
        "path": "/Users",
        "bulkId": f"p{person.index}",
        "data": scim_user(person, manager),
    }


class BulkRegistrar:
    """Registers an organisation batch by batch; ``ids`` ends with every person's id."""

    def __init__(self, seeder: Seeder, in_flight: int, report: Report) -> None:
        self.seeder, self.report = seeder, report
        self.slots = asyncio.Semaphore(in_flight)
        self.ids: dict[int, asyncio.Future[str]] = {}
        self.done = 0

    async def register_all(self, people: Sequence[Person]) -> dict[int, str]:
        """Register everyone (batches within the service's limits); person index -> id."""
        max_operations, max_bytes = await bulk_limits(self.seeder)
        loop = asyncio.get_running_loop()
        self.ids = {p.index: loop.create_future() for p in people}
        await asyncio.gather(*(self._batch(b) for b in batches(people, max_operations, max_bytes)))
        return {index: future.result() for index, future in self.ids.items()}

    async def _batch(self, people: list[Person]) -> None:
        inside = {p.index for p in people}
        for person in people:  # managers of earlier batches: their ids first, then a slot
            if person.manager is not None and person.manager not in inside:
                await self.ids[person.manager]
        async with self.slots:
            pending = people
            for _ in range(_ROUNDS):
                pending = await self._send(pending)
                if not pending:
                    return
        raise RuntimeError(f"{len(pending)} people could not be registered")

    async def _send(self, people: list[Person]) -> list[Person]:
        """One Bulk request; returns the people to send again (their manager's name was taken)."""
        operations = [operation(p, self._manager(p)) for p in people]
        response = await self._post({"schemas": [BULK_REQUEST], "Operations": operations})
        check(response)
        answers = {a["bulkId"]: a for a in response.json()["Operations"]}
        again = []
        for person in people:
            answer = answers[f"p{person.index}"]
            if answer["status"] == "201":
                self._registered(person, str(answer["location"]).rsplit("/", 1)[1])
            elif _detail(answer).startswith("user-name-taken"):
                self._registered(person, await self.seeder.existing(person.user_name))
            elif _detail(answer).startswith("bulk-id-unresolved"):
                again.append(person)
            else:
                raise RuntimeError(f"{person.user_name}: {answer}")
        return again

    async def _post(self, body: dict[str, Any]) -> httpx.Response:
        """POST /Bulk, sent again after a server error or a lost answer (what landed then
        answers as a taken userName, which resolves to the id it got)."""
        for attempt in range(_ATTEMPTS):
            try:
                response = await self.seeder.client.post(
                    "/scim/v2/Bulk", json=body, headers=self.seeder.provisioner
                )
            except httpx.TransportError:
                if attempt == _ATTEMPTS - 1:
                    raise
            else:
                if response.status_code < 500 or attempt == _ATTEMPTS - 1:
                    return response
            await asyncio.sleep(1.0 + attempt)
        raise AssertionError("unreachable")

    def _manager(self, person: Person) -> str | None:
        """The manager's id once known, else their bulkId (they are in the same request)."""
        if person.manager is None:
            return None
        known = self.ids[person.manager]
        return known.result() if known.done() else f"bulkId:p{person.manager}"

    def _registered(self, person: Person, employee_id: str) -> None:
        self.ids[person.index].set_result(employee_id)
        self.done += 1
        if self.done % 1000 == 0 or self.done == len(self.ids):
            self.report(self.done)


def _detail(answer: dict[str, Any]) -> str:
    return str(answer.get("response", {}).get("detail", ""))
