"""Policy commands when an employee is deactivated or erased (driven by profile events).

Idempotent under redelivery: each decision looks at the current streams and
appends nothing when the departure was already handled.
"""

from __future__ import annotations

import asyncio

from servicekit.eventstore import EventStore, Metadata

from group_service.domain.departures import (
    Departure,
    Reason,
    decide_deactivation,
    decide_erasure,
)
from group_service.handlers.executor import Loaded, execute_streams
from group_service.handlers.ports import Directory, changes
from group_service.handlers.streams import (
    group_subject,
    load_group,
    load_memberships,
    member_subject,
    parse_member_subject,
)


async def groups_related_to(store: EventStore, employee_id: str) -> list[str]:
    """Every group whose membership stream of ``employee_id`` exists (from the event store)."""
    cursor = store.events.find({"data.employee_id": employee_id}, {"subject": 1})
    found = [parse_member_subject(doc["subject"]) async for doc in cursor]
    return list(dict.fromkeys(p[0] for p in found if p is not None and p[1] == employee_id))


async def handle_departure(
    store: EventStore, directory: Directory, employee_id: str, reason: Reason, metadata: Metadata
) -> None:
    """Apply the policy to every group the employee is related to."""
    for group_id in await groups_related_to(store, employee_id):
        await _depart(store, directory, group_id, employee_id, reason, metadata)


async def _depart(
    store: EventStore,
    directory: Directory,
    group_id: str,
    employee_id: str,
    reason: Reason,
    metadata: Metadata,
) -> None:
    """Run the policy decision for one group of the departing employee."""
    decide = decide_erasure if reason == "erased" else decide_deactivation
    await execute_streams(
        store,
        primary=member_subject(group_id, employee_id),
        load=lambda: _load(store, directory, group_id, employee_id, reason),
        decide=lambda d: changes(group_id, decide(d)),
        metadata=metadata,
    )


async def _load(
    store: EventStore, directory: Directory, group_id: str, employee_id: str, reason: Reason
) -> Loaded[Departure]:
    """The departure's streams; for an owner also the inactive owners and a successor."""
    (group, group_version), states = await asyncio.gather(
        load_group(store, group_id), load_memberships(store, group_id, [employee_id])
    )
    member, member_version = states[employee_id]
    versions = {
        group_subject(group_id): group_version,
        member_subject(group_id, employee_id): member_version,
    }
    if member.role != "owner":
        return Loaded(Departure(group_id, employee_id, reason, group, member), versions)
    inactive = await directory.inactive(group.owners - {employee_id}) | {employee_id}
    successor, successor_version = await _successor(store, directory, group_id, employee_id)
    if successor is not None:
        versions[member_subject(group_id, successor)] = successor_version
    return Loaded(
        Departure(group_id, employee_id, reason, group, member, successor, inactive), versions
    )


async def _successor(
    store: EventStore, directory: Directory, group_id: str, departing: str
) -> tuple[str | None, int]:
    """The longest-standing active admin whose stream confirms the role."""
    for candidate in await directory.admins_by_seniority(group_id):
        if candidate == departing:
            continue
        state, version = (await load_memberships(store, group_id, [candidate]))[candidate]
        if state.is_member and state.role == "admin":
            return candidate, version
    return None, 0
