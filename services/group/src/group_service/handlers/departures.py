"""The system's commands when an employee is deactivated or erased (run by the owner policy).

Idempotent under redelivery: each decision looks at the current streams and
appends nothing when the departure was already handled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from servicekit.commands import CommandHandler, Decision, Loaded, execute
from servicekit.streams import EventStorePort, Metadata

from group_service.domain.commands import EndRelationsOfErased, KeepOwnedAfterDeactivation
from group_service.domain.departures import (
    DepartureCommand,
    DepartureState,
    decide_deactivation,
    decide_erasure,
)
from group_service.domain.streams import group_subject, member_subject, parse_member_subject
from group_service.handlers.load import load_group, load_memberships
from group_service.handlers.ports import Ports

D = TypeVar("D", KeepOwnedAfterDeactivation, EndRelationsOfErased)
EMPLOYEE_FIELD = "employee_id"  # the event store indexes it (``indexed_fields`` in app.py)


async def groups_related_to(store: EventStorePort, employee_id: str) -> list[str]:
    """Every group in which ``employee_id`` has a membership stream (from the event store)."""
    found = [
        parse_member_subject(s) for s in await store.streams_where(EMPLOYEE_FIELD, employee_id)
    ]
    return list(dict.fromkeys(p[0] for p in found if p is not None and p[1] == employee_id))


async def keep_groups_owned(ports: Ports, employee_id: str, metadata: Metadata) -> None:
    """A deactivated owner who was a group's last active one hands over, or the group is flagged."""
    for group_id in await groups_related_to(ports.store, employee_id):
        command = KeepOwnedAfterDeactivation(group_id, employee_id)
        await _depart(ports, command, decide_deactivation, metadata)


async def end_relations_of_erased(ports: Ports, employee_id: str, metadata: Metadata) -> None:
    """End every relation of an erased employee with every group, keeping groups owned."""
    for group_id in await groups_related_to(ports.store, employee_id):
        command = EndRelationsOfErased(group_id, employee_id)
        await _depart(ports, command, decide_erasure, metadata)


async def _depart(
    ports: Ports,
    command: D,
    decide: Callable[[D, DepartureState], Decision],
    metadata: Metadata,
) -> None:
    handler = CommandHandler(load=lambda c: _load(ports, c), decide=decide, primary=_departing)
    await execute(ports.store, handler, command, metadata=metadata)


async def _load(ports: Ports, command: DepartureCommand) -> Loaded[DepartureState]:
    """The departure's streams; for an owner also the inactive owners and a successor."""
    group_id, employee_id = command.group_id, command.employee_id
    (group, group_version), states = await asyncio.gather(
        load_group(ports.store, group_id), load_memberships(ports.store, group_id, [employee_id])
    )
    member, member_version = states[employee_id]
    versions = {group_subject(group_id): group_version, _departing(command): member_version}
    if member.role != "owner":
        return Loaded(DepartureState(group, member), versions)
    inactive = await ports.directory.inactive(group.owners - {employee_id}) | {employee_id}
    successor, successor_version = await _successor(ports, group_id, employee_id)
    if successor is not None:
        versions[member_subject(group_id, successor)] = successor_version
    return Loaded(DepartureState(group, member, successor, inactive), versions)


async def _successor(ports: Ports, group_id: str, departing: str) -> tuple[str | None, int]:
    """The longest-standing active admin whose stream confirms the role."""
    for candidate in await ports.directory.admins_by_seniority(group_id):
        if candidate == departing:
            continue
        state, version = (await load_memberships(ports.store, group_id, [candidate]))[candidate]
        if state.is_member and state.role == "admin":
            return candidate, version
    return None, 0


def _departing(command: DepartureCommand) -> str:
    return member_subject(command.group_id, command.employee_id)
