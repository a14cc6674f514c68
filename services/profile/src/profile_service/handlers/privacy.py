"""GDPR: erasure (Art. 17) and export (Art. 15, 20) of one employee's data.

Erasure appends ``EmployeeErased``, then redacts the personal fields of that
employee's stored events -- the one sanctioned rewrite of the event store --
releases their userName claim and ends every follow relationship they were in
(unfollow events, so other services see the graph change too). Each step is
idempotent: a failed erasure is simply requested again.
"""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.profile import EmployeeProfileUpdated, EmployeeRegistered
from servicekit.commands import CommandResult

from profile_service.domain.employee import decide_erase, subject
from profile_service.handlers.employees import run_employee_command
from profile_service.handlers.follows import unfollow_employee
from profile_service.handlers.ports import Ports
from profile_service.queries.follows import relationships

# Where each event type keeps personal data; an empty object decodes to all fields unset.
_PERSONAL = {
    EmployeeRegistered.type(): "data.profile",
    EmployeeProfileUpdated.type(): "data.changes",
}


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure did."""

    result: CommandResult
    redacted_events: int
    ended_follows: int


async def erase_employee(ports: Ports, employee_id: str, *, actor: str | None) -> Erasure:
    """Erase an employee and everything personal this service stores about them."""
    pairs = await _follow_pairs(ports, employee_id)
    result, _ = await run_employee_command(ports, employee_id, decide_erase, actor=actor)
    redacted = await redact_events(ports, employee_id)
    await ports.claims.release_all(employee_id)
    for follower, followee in pairs:
        await unfollow_employee(ports, follower_id=follower, followee_id=followee, actor=actor)
    return Erasure(result, redacted, len(pairs))


async def redact_events(ports: Ports, employee_id: str) -> int:
    """Blank the personal fields of the employee's stored events; returns how many changed."""
    changed = 0
    for type_, path in _PERSONAL.items():
        outcome = await ports.store.events.update_many(
            {"subject": subject(employee_id), "type": type_}, {"$set": {path: {}}}
        )
        changed += outcome.modified_count
    return changed


async def _follow_pairs(ports: Ports, employee_id: str) -> list[tuple[str, str]]:
    """Every (follower, followee) relationship involving the employee, per the read model."""
    docs = [
        *await relationships(ports.models, "followers", employee_id),
        *await relationships(ports.models, "following", employee_id),
    ]
    return [(doc["follower"], doc["followee"]) for doc in docs]
