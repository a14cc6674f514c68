"""SCIM writes of a User: the single routes and the bulk operations run the same ones."""

from __future__ import annotations

from collab_events import uuid7

from profile_service.api.scim.mapping import SCIM_MANAGED, profile_from_user, validated
from profile_service.api.scim.patch import patch_changes
from profile_service.api.scim.schema import PatchRequest, User
from profile_service.domain.commands import RegisterEmployee
from profile_service.handlers import employees as handlers
from profile_service.handlers.employees import EmployeeWrite
from profile_service.ports import Ports


def registration(user: User) -> RegisterEmployee:
    """The registration a created User asks for; the service assigns the id."""
    return RegisterEmployee(uuid7(), profile_from_user(user), user.active is not False)


async def create(ports: Ports, user: User, *, actor: str | None) -> EmployeeWrite:
    """Provision an employee (SCIM POST)."""
    command = registration(user)
    return await handlers.register_employee(
        ports,
        employee_id=command.employee_id,
        profile=command.profile,
        active=command.active,
        actor=actor,
    )


async def replace(
    ports: Ports, employee_id: str, user: User, *, actor: str | None, expected: int | None
) -> EmployeeWrite:
    """Replace the provisioned attributes (SCIM PUT)."""
    return await handlers.replace_provisioned(
        ports,
        employee_id,
        profile=profile_from_user(user),
        managed=SCIM_MANAGED,
        active=user.active,
        actor=actor,
        expected=expected,
    )


async def patch(
    ports: Ports, employee_id: str, body: PatchRequest, *, actor: str | None, expected: int | None
) -> EmployeeWrite:
    """Apply PATCH operations (SCIM PATCH)."""
    changes = patch_changes(body.operations)
    return await handlers.patch_provisioned(
        ports,
        employee_id,
        changes=validated(changes.changes),
        active=changes.active,
        added=frozenset(changes.appended),
        actor=actor,
        expected=expected,
    )


async def deprovision(
    ports: Ports, employee_id: str, *, actor: str | None, expected: int | None
) -> EmployeeWrite:
    """Deprovision (SCIM DELETE)."""
    return await handlers.deprovision_employee(ports, employee_id, actor=actor, expected=expected)
