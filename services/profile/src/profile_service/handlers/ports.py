"""What command handlers need, handed in by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collab_events import Event
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.commands import Aggregate, load_state
from servicekit.eventstore import EventStore
from servicekit.projection import ReadModels

from profile_service.domain import employee, follow
from profile_service.domain.employee import Employee
from profile_service.domain.fields import user_name_key
from profile_service.domain.follow import Follow
from profile_service.handlers.acknowledged import AcknowledgedWrites
from profile_service.handlers.claims import CLAIM_GRACE_S, UserNameClaims


@dataclass(frozen=True, slots=True)
class Ports:
    """The event store, the read models, the userName reservations, the acknowledged writes."""

    store: EventStore
    models: ReadModels
    claims: UserNameClaims
    acknowledged: AcknowledgedWrites


def employee_aggregate(employee_id: str) -> Aggregate[Employee]:
    """How to fold the stream of one employee."""
    return Aggregate(initial=lambda: Employee(employee_id), evolve=employee.evolve)


def follow_aggregate(follower: str, followee: str) -> Aggregate[Follow]:
    """How to fold the stream of one follow relationship."""

    def evolve(state: Follow, event: Event) -> Follow:
        return follow.evolve(state, event)

    return Aggregate(initial=lambda: Follow(follower, followee), evolve=evolve)


async def load_employee(store: EventStore, employee_id: str) -> tuple[Employee, int]:
    """The current state and version of an employee's stream (from the event store)."""
    return await load_state(store, employee.subject(employee_id), employee_aggregate(employee_id))


def build_ports(store: EventStore, models: ReadModels, db: AsyncDatabase[dict[str, Any]]) -> Ports:
    """Wire the handlers' dependencies (the claims ask the event store who holds a name)."""

    async def holds(employee_id: str, key: str) -> bool:
        state, _ = await load_employee(store, employee_id)
        return state.exists and state.active and user_name_key(state.user_name or "") == key

    claims = UserNameClaims(db, holds, CLAIM_GRACE_S)
    return Ports(store, models, claims, AcknowledgedWrites(db))
