"""GDPR erasure (Art. 17) of one employee's data.

Erasure appends ``EmployeeErased``, then redacts the personal fields of that
employee's stored events -- the one sanctioned rewrite of the event store --
releases their userName claim and ends every follow relationship they were in
(unfollow events, so other services see the graph change too). Each step is
idempotent: a failed erasure is simply requested again.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.commands import CommandResult

from profile_service.domain.commands import EraseEmployee
from profile_service.domain.decisions import decide_erase
from profile_service.domain.employee import PERSONAL_FIELDS, subject
from profile_service.handlers.employees import execute_on_employee
from profile_service.handlers.follows import unfollow_employee
from profile_service.ports import Ports
from profile_service.queries.follows import relationships


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure did."""

    result: CommandResult
    redacted_events: int
    ended_follows: int


async def erase_employee(ports: Ports, employee_id: str, *, actor: str | None) -> Erasure:
    """Erase an employee and everything personal this service stores about them."""
    pairs = await _follow_pairs(ports, employee_id)
    command = EraseEmployee(employee_id)
    written = await execute_on_employee(ports, command, decide_erase, actor=actor)
    redacted = await ports.store.redact(subject(employee_id), PERSONAL_FIELDS)
    await ports.claims.release_all(employee_id)
    for follower, followee in pairs:
        await unfollow_employee(ports, follower_id=follower, followee_id=followee, actor=actor)
    return Erasure(written.result, redacted, len(pairs))


async def _follow_pairs(ports: Ports, employee_id: str) -> list[tuple[str, str]]:
    """Every (follower, followee) relationship involving the employee, per the read model."""
    docs = [
        *await relationships(ports.models, "followers", employee_id),
        *await relationships(ports.models, "following", employee_id),
    ]
    return [(doc["follower"], doc["followee"]) for doc in docs]
