"""What the append hooks of a single registration check, for many registrations at once.

The manager check (``managers.ManagerCheck``) loads each new manager once; the userName
claim (``user_names.UserNameClaim``) claims every wanted name in one round trip, and a
name wanted twice in one request goes to the first that wants it. A refusal replaces
its registration's entry in the list; ``release`` gives back what was claimed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from servicekit.commands import Decision

from profile_service.domain import decisions, employee
from profile_service.domain.commands import RegisterEmployee
from profile_service.domain.employee import Employee, decided
from profile_service.domain.errors import DomainError, UserNameTaken
from profile_service.domain.fields import user_name_key
from profile_service.domain.orgchart import check_manager
from profile_service.handlers.employees import EmployeeWrite
from profile_service.handlers.managers import chain_above
from profile_service.ports import Ports

Registered = EmployeeWrite | Exception  # what became of one registration: written or refused


@dataclass(slots=True)
class Pending:
    """A registration decided and not refused yet."""

    command: RegisterEmployee
    decision: Decision
    state: Employee  # after the decision
    claimed: bool = False


Outcomes = list[Registered | Pending]


def decide(command: RegisterEmployee | Exception) -> Registered | Pending:
    """``decide_register`` on the new stream (an exception stands for a refusal before)."""
    if isinstance(command, Exception):
        return command
    state = employee.aggregate(command.employee_id).initial()  # a new id: no stream to load
    try:
        decision = decisions.decide_register(command, state)
    except DomainError as refused:
        return refused
    return Pending(command, decision, decided(state, decision))


async def check_managers(ports: Ports, outcomes: Outcomes) -> None:
    """The manager check of a single registration, loading each manager once."""
    wanted = {o.state.manager_id for o in outcomes if isinstance(o, Pending)} - {None}
    managers = sorted(m for m in wanted if m is not None)
    found = await asyncio.gather(
        *(chain_above(ports.store, m, walk=False) for m in managers), return_exceptions=True
    )
    chains = dict(zip(managers, found, strict=True))
    for i, outcome in enumerate(outcomes):
        if not isinstance(outcome, Pending) or outcome.state.manager_id is None:
            continue
        manager, chain = outcome.state.manager_id, chains[outcome.state.manager_id]
        try:
            if isinstance(chain, BaseException):
                raise chain  # ManagerNotFound is the registration's; a storage error is not
            check_manager(outcome.command.employee_id, manager, chain)
        except DomainError as refused:
            outcomes[i] = refused


def refuse_repeated_names(outcomes: Outcomes) -> None:
    """A userName wanted twice in one request goes to the first that wants it."""
    seen: set[str] = set()
    for i, outcome in enumerate(outcomes):
        name = outcome.state.active_user_name if isinstance(outcome, Pending) else None
        if name is None:
            continue
        if user_name_key(name) in seen:
            outcomes[i] = UserNameTaken(name)
        seen.add(user_name_key(name))


async def claim(ports: Ports, outcomes: Outcomes) -> None:
    """Claim every wanted name in one round trip; a taken one refuses its registration."""
    wanting = [
        (i, o)
        for i, o in enumerate(outcomes)
        if isinstance(o, Pending) and o.state.active_user_name
    ]
    pairs = [(str(o.state.active_user_name), o.command.employee_id) for _, o in wanting]
    for (i, pending), claimed in zip(wanting, await ports.claims.claim_many(pairs), strict=True):
        if isinstance(claimed, UserNameTaken):
            outcomes[i] = claimed
        else:
            pending.claimed = claimed


async def release(pending: Sequence[Pending], ports: Ports) -> None:
    """Give back the names these registrations claimed (their append does not happen)."""
    for p in pending:
        if p.claimed and p.state.active_user_name:
            await ports.claims.release(p.state.active_user_name, p.command.employee_id)
            p.claimed = False
