"""Employee use cases: build the command, run it through servicekit's ``execute``.

Every command on an ``employee:<id>`` stream loads the stream, decides, checks
a new manager and claims a new userName before the append (append hooks), and
appends at exactly the version it decided on. A conflict re-decides on fresh
state, or is 412 when the client pinned a version with If-Match. After the
append and before the answer the write is recorded as acknowledged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from servicekit.commands import CommandResult, Decision, execute, one_stream
from servicekit.streams import Metadata

from profile_service.domain import decisions, employee
from profile_service.domain.commands import (
    DeprovisionEmployee,
    EditOwnProfile,
    EmployeeCommand,
    PatchProvisionedProfile,
    RegisterEmployee,
    ReplaceProvisionedProfile,
    UpdateProfile,
)
from profile_service.domain.employee import Employee
from profile_service.domain.fields import Profile
from profile_service.handlers.managers import ManagerCheck
from profile_service.handlers.user_names import UserNameClaim
from profile_service.ports import Ports

C = TypeVar("C", bound=EmployeeCommand)
ATTEMPTS = 10  # profile edits touch disjoint fields: retrying a conflict rarely fails twice


@dataclass(frozen=True, slots=True)
class EmployeeWrite:
    """What an employee command did: the stream's new version and the state it left."""

    result: CommandResult
    employee: Employee


async def register_employee(
    ports: Ports, *, employee_id: str, profile: Profile, active: bool = True, actor: str | None
) -> EmployeeWrite:
    """Register a new employee (HR or the identity provider)."""
    command = RegisterEmployee(employee_id, profile, active)
    return await execute_on_employee(ports, command, decisions.decide_register, actor=actor)


async def update_profile(
    ports: Ports, employee_id: str, *, changes: Profile, actor: str | None, expected: int | None
) -> EmployeeWrite:
    """HR changes any fields of a profile."""
    command = UpdateProfile(employee_id, changes)
    decide = decisions.decide_update_profile
    return await execute_on_employee(ports, command, decide, actor=actor, expected=expected)


async def edit_own_profile(
    ports: Ports, employee_id: str, *, changes: Profile, actor: str | None, expected: int | None
) -> EmployeeWrite:
    """An employee changes the fields they own."""
    command = EditOwnProfile(employee_id, changes)
    decide = decisions.decide_edit_own_profile
    return await execute_on_employee(ports, command, decide, actor=actor, expected=expected)


async def replace_provisioned(
    ports: Ports,
    employee_id: str,
    *,
    profile: Profile,
    managed: frozenset[str],
    active: bool | None,
    actor: str | None,
    expected: int | None,
) -> EmployeeWrite:
    """The identity provider replaces a user's provisioned fields (SCIM PUT)."""
    command = ReplaceProvisionedProfile(employee_id, profile, managed, active)
    decide = decisions.decide_replace_provisioned
    return await execute_on_employee(ports, command, decide, actor=actor, expected=expected)


async def patch_provisioned(
    ports: Ports,
    employee_id: str,
    *,
    changes: Profile,
    active: bool | None,
    added: frozenset[str],
    actor: str | None,
    expected: int | None,
) -> EmployeeWrite:
    """The identity provider changes some fields of a user and maybe the status (SCIM PATCH)."""
    command = PatchProvisionedProfile(employee_id, changes, active, added)
    decide = decisions.decide_patch_provisioned
    return await execute_on_employee(ports, command, decide, actor=actor, expected=expected)


async def deprovision_employee(
    ports: Ports, employee_id: str, *, actor: str | None, expected: int | None
) -> EmployeeWrite:
    """The identity provider deletes a user (SCIM DELETE): deactivated for good."""
    command = DeprovisionEmployee(employee_id)
    decide = decisions.decide_deprovision
    return await execute_on_employee(ports, command, decide, actor=actor, expected=expected)


async def execute_on_employee(
    ports: Ports,
    command: C,
    decide: Callable[[C, Employee], Decision],
    *,
    actor: str | None,
    expected: int | None = None,
) -> EmployeeWrite:
    """Execute ``command`` on the employee's stream; record the write before answering."""
    # The manager check first: a refused manager then never writes (and undoes) a claim.
    hooks = (ManagerCheck(ports.store), UserNameClaim(ports.claims))
    aggregate = employee.aggregate(command.employee_id)
    handler = one_stream(aggregate, _subject, decide, ports.store, hooks)
    outcome = await execute(
        ports.store,
        handler,
        command,
        metadata=Metadata(actor_id=actor),
        expected_version=expected,
        attempts=ATTEMPTS,
    )
    state = employee.decided(outcome.state, outcome.decision)
    if outcome.result.events:  # a repeat that changed nothing was acknowledged before
        await ports.acknowledged.record(state, outcome.result.version)
    return EmployeeWrite(outcome.result, state)


def _subject(command: EmployeeCommand) -> str:
    return employee.subject(command.employee_id)
