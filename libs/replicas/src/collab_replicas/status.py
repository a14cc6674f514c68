"""A person's lifecycle as the replicas see it, and how documents about them follow it.

People events (topic ``collab.profile.v1``) and the events that name a person elsewhere
(group memberships, follows) arrive in any order relative to each other. So a person
nobody has heard of yet counts as active, an erasure leaves a permanent tombstone, and a
document that depends on a person's state is written first and then made to follow it
(``follow_status``), which converges whichever of the two writers runs first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

Doc = dict[str, Any]
ATTEMPTS = 10


@dataclass(frozen=True, slots=True)
class PersonStatus:
    """Known from profile events at all, active (not deactivated, not erased), erased."""

    known: bool
    active: bool
    erased: bool


UNKNOWN = PersonStatus(known=False, active=True, erased=False)


class StatusKeptChanging(RuntimeError):
    """A person's status changed on every re-read (retried, then dead-lettered)."""


def status_of(doc: Doc | None) -> PersonStatus:
    """The status a ``people`` document records; unknown people count as active."""
    if doc is None:
        return UNKNOWN
    erased = bool(doc.get("erased"))
    return PersonStatus(True, bool(doc.get("active", True)) and not erased, erased)


def is_active(doc: Doc | None) -> bool:
    """Unknown people count as active until a profile event says otherwise."""
    return status_of(doc).active


async def read_status(people: AsyncCollection[Doc], employee_id: str) -> PersonStatus:
    """The current status of one person in a ``people`` collection."""
    return status_of(await people.find_one({"_id": employee_id}, {"active": 1, "erased": 1}))


async def follow_status(
    people: AsyncCollection[Doc],
    employee_id: str,
    apply: Callable[[PersonStatus], Awaitable[None]],
) -> PersonStatus:
    """Apply the person's status to a document written just before, until it holds still.

    A status change landing between our read and ``apply`` may have synced the document
    before ``apply`` overwrote it with the older status; re-reading catches exactly that
    case. Once two reads agree, any later change syncs after our write and wins.
    """
    status = await read_status(people, employee_id)
    for _ in range(ATTEMPTS):
        await apply(status)
        again = await read_status(people, employee_id)
        if again == status:
            return status
        status = again
    raise StatusKeptChanging(f"{employee_id}: status changed on each of {ATTEMPTS} reads")
