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
from dataclasses import dataclass

from collab_events import CloudEvent
from servicekit.commands import CommandResult, Decision
from servicekit.streams import ConcurrencyError, EventStorePort, Metadata, StreamAppend

from profile_service.domain import decisions, employee
from profile_service.domain.commands import RegisterEmployee
from profile_service.domain.employee import Employee, decided
from profile_service.domain.errors import DomainError, UserNameTaken
from profile_service.domain.fields import user_name_key
from profile_service.domain.orgchart import check_manager
from profile_service.handlers.employees import EmployeeWrite, register_employee
from profile_service.handlers.managers import chain_above
from profile_service.ports import Ports

APPEND_ATTEMPTS = 3
Registered = EmployeeWrite | Exception  # what became of one registration: written or refused


@dataclass(slots=True)
class _Pending:
    """A registration decided and not refused yet."""

    command: RegisterEmployee
    decision: Decision
    state: Employee  # after the decision
    claimed: bool = False


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
    outcomes: list[Registered | _Pending] = [_decide(command) for command in commands]
    await _check_managers(ports, outcomes)
    _refuse_repeated_names(outcomes)
    await _claim(ports, outcomes)
    kept = await _cut(ports, outcomes, max_errors)
    pending = [o for o in kept if isinstance(o, _Pending)]
    written = await _append(ports, pending, actor)
    return [written[o.command.employee_id] if isinstance(o, _Pending) else o for o in kept]


def _decide(command: RegisterEmployee | Exception) -> Registered | _Pending:
    if isinstance(command, Exception):
        return command
    state = employee.aggregate(command.employee_id).initial()  # a new id: no stream to load
    try:
        decision = decisions.decide_register(command, state)
    except DomainError as refused:
        return refused
    return _Pending(command, decision, decided(state, decision))


async def _check_managers(ports: Ports, outcomes: list[Registered | _Pending]) -> None:
    """The manager check of a single registration, loading each manager once."""
    wanted = {o.state.manager_id for o in outcomes if isinstance(o, _Pending)} - {None}
    managers = sorted(m for m in wanted if m is not None)
    found = await asyncio.gather(
        *(chain_above(ports.store, m, walk=False) for m in managers), return_exceptions=True
    )
    chains = dict(zip(managers, found, strict=True))
    for i, outcome in enumerate(outcomes):
        if not isinstance(outcome, _Pending) or outcome.state.manager_id is None:
            continue
        manager, chain = outcome.state.manager_id, chains[outcome.state.manager_id]
        try:
            if isinstance(chain, BaseException):
                raise chain  # ManagerNotFound is the registration's; a storage error is not
            check_manager(outcome.command.employee_id, manager, chain)
        except DomainError as refused:
            outcomes[i] = refused


def _refuse_repeated_names(outcomes: list[Registered | _Pending]) -> None:
    """A userName wanted twice in one request goes to the first that wants it."""
    seen: set[str] = set()
    for i, outcome in enumerate(outcomes):
        name = outcome.state.active_user_name if isinstance(outcome, _Pending) else None
        if name is None:
            continue
        if user_name_key(name) in seen:
            outcomes[i] = UserNameTaken(name)
        seen.add(user_name_key(name))


async def _claim(ports: Ports, outcomes: list[Registered | _Pending]) -> None:
    """Claim every wanted name in one round trip; a taken one refuses its registration."""
    wanting = [
        (i, o)
        for i, o in enumerate(outcomes)
        if isinstance(o, _Pending) and o.state.active_user_name
    ]
    pairs = [(str(o.state.active_user_name), o.command.employee_id) for _, o in wanting]
    for (i, pending), claimed in zip(wanting, await ports.claims.claim_many(pairs), strict=True):
        if isinstance(claimed, UserNameTaken):
            outcomes[i] = claimed
        else:
            pending.claimed = claimed


async def _cut(
    ports: Ports, outcomes: list[Registered | _Pending], max_errors: int | None
) -> list[Registered | _Pending]:
    """The registrations performed: all, or up to the one making ``max_errors`` refusals."""
    errors = 0
    for i, outcome in enumerate(outcomes):
        errors += isinstance(outcome, Exception)
        if max_errors is not None and errors >= max_errors:
            await _release([o for o in outcomes[i + 1 :] if isinstance(o, _Pending)], ports)
            return outcomes[: i + 1]
    return outcomes


async def _append(
    ports: Ports, pending: list[_Pending], actor: str | None
) -> dict[str, Registered]:
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
        await _release(pending, ports)
        return {p.command.employee_id: await _alone(ports, p.command, actor) for p in pending}
    except BaseException:
        await _release(pending, ports)
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


def _written(pending: _Pending, envelopes: Sequence[CloudEvent]) -> EmployeeWrite:
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


async def _release(pending: Sequence[_Pending], ports: Ports) -> None:
    """Give back the names these registrations claimed (their append does not happen)."""
    for p in pending:
        if p.claimed and p.state.active_user_name:
            await ports.claims.release(p.state.active_user_name, p.command.employee_id)
            p.claimed = False
