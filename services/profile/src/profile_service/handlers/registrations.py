"""Many registrations as one append: a SCIM bulk request's creations.

Each registration is decided by ``decide_register`` on its new stream, as a single one
is; then, as the append hooks of a single one would, the new managers are checked
(once per manager) and the userNames claimed (one round trip, a name wanted twice goes
to the first), and every accepted registration is written by one ``append_streams``
call and recorded as acknowledged at once. A refusal is its registration's alone.
When the append meets a concurrency conflict (an id already in use), the claims are
given back and each registration runs on its own through ``register_employee``, so no
valid one is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from collab_events import CloudEvent
from servicekit.commands import CommandResult
from servicekit.streams import ConcurrencyError, EventStorePort, Metadata, StreamAppend

from profile_service.domain import employee
from profile_service.domain.commands import RegisterEmployee
from profile_service.domain.errors import DomainError
from profile_service.handlers.employees import EmployeeWrite, register_employee
from profile_service.handlers.registration_checks import (
    Outcomes,
    Pending,
    Registered,
    check_managers,
    claim,
    decide,
    refuse_repeated_names,
    release,
)
from profile_service.ports import Ports

APPEND_ATTEMPTS = 3


async def register_many(
    ports: Ports,
    commands: Sequence[RegisterEmployee | Exception],
    *,
    actor: str | None,
    max_errors: int | None = None,
) -> list[Registered]:
    """Register many employees in one append; one answer per registration performed.

    An exception among ``commands`` is a refusal found before (invalid input): it keeps
    its place and counts. With ``max_errors``, the registrations after the one that made
    that many refusals are not performed (and not answered): the list is shorter then.
    """
    outcomes: Outcomes = [decide(command) for command in commands]
    await check_managers(ports, outcomes)
    refuse_repeated_names(outcomes)
    await claim(ports, outcomes)
    kept = await _cut(ports, outcomes, max_errors)
    pending = [o for o in kept if isinstance(o, Pending)]
    written = await _append(ports, pending, actor)
    return [written[o.command.employee_id] if isinstance(o, Pending) else o for o in kept]


async def _cut(ports: Ports, outcomes: Outcomes, max_errors: int | None) -> Outcomes:
    """The registrations performed: all, or up to the one making ``max_errors`` refusals."""
    errors = 0
    for i, outcome in enumerate(outcomes):
        errors += isinstance(outcome, Exception)
        if max_errors is not None and errors >= max_errors:
            await release([o for o in outcomes[i + 1 :] if isinstance(o, Pending)], ports)
            return outcomes[: i + 1]
    return outcomes


async def _append(ports: Ports, pending: list[Pending], actor: str | None) -> dict[str, Registered]:
    """One append for every pending registration; on a conflict, each on its own."""
    if not pending:
        return {}
    appends = [
        StreamAppend(employee.subject(p.command.employee_id), 0, p.decision.events(s))
        for p in pending
        for s in [employee.subject(p.command.employee_id)]
    ]
    try:
        envelopes = await _append_batch(ports.store, appends, Metadata(actor_id=actor))
    except ConcurrencyError:
        await release(pending, ports)
        return {p.command.employee_id: await _alone(ports, p.command, actor) for p in pending}
    except BaseException:
        await release(pending, ports)
        raise
    written = [_written(p, envelopes) for p in pending]
    await ports.acknowledged.record_many([(w.employee, w.result.version) for w in written])
    return {w.employee.employee_id: w for w in written}


async def _append_batch(
    store: EventStorePort, appends: list[StreamAppend], metadata: Metadata
) -> list[CloudEvent]:
    """The one append, tried again after a storage error: a long transaction may meet a
    write conflict the server answers as an error of its own (SecantusDB: InternalError)."""
    for attempt in range(APPEND_ATTEMPTS):
        try:
            return await store.append_streams(appends, metadata=metadata)
        except ConcurrencyError:
            raise
        except Exception:
            # Safe to repeat: an append that did land makes the repeat a ConcurrencyError
            # (unique stream versions), and the fallback then finds those registered.
            if attempt == APPEND_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.1 * 2**attempt)
    raise AssertionError("unreachable")


def _written(pending: Pending, envelopes: Sequence[CloudEvent]) -> EmployeeWrite:
    subject = employee.subject(pending.command.employee_id)
    mine = [e for e in envelopes if e.subject == subject]
    return EmployeeWrite(CommandResult(subject, len(mine), mine), pending.state)


async def _alone(ports: Ports, command: RegisterEmployee, actor: str | None) -> Registered:
    try:
        return await register_employee(
            ports,
            employee_id=command.employee_id,
            profile=command.profile,
            active=command.active,
            actor=actor,
        )
    except DomainError as refused:
        return refused
