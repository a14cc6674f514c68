"""Profiles: read, edit (self: own fields; HR: all), register (HR)."""

from __future__ import annotations

from collab_events import uuid7
from fastapi import APIRouter, Depends, Response
from servicekit.auth import Principal
from servicekit.http.commands import ExpectedVersion, command_headers
from servicekit.http.consistency import consistent
from servicekit.http.openapi import with_etag
from servicekit.http.problems import FORBIDDEN
from servicekit.http.security import CurrentPrincipal, require_roles

from profile_service.api.deps import PRIVILEGED, EmployeeId, ModelsDep, PortsDep, is_privileged
from profile_service.api.errors import DomainRoute, employee_not_found, raises
from profile_service.api.models import EmployeeView, NewEmployee, ProfileInput
from profile_service.api.views import employee_view, entry_view, visible
from profile_service.domain import errors as e
from profile_service.handlers import employees as handlers
from profile_service.projections import DIRECTORY
from profile_service.queries.directory import get_entry

router = APIRouter(prefix="/v1", tags=["profiles"], route_class=DomainRoute)
PROFILE_CHECKS = (e.UserNameTaken, e.ManagerNotFound, e.ManagerCycle, e.FieldRequired)


@router.post(
    "/employees",
    status_code=201,
    responses=raises(FORBIDDEN, e.EmployeeAlreadyRegistered, *PROFILE_CHECKS),
)
async def register_employee(
    body: NewEmployee, response: Response, principal: CurrentPrincipal, ports: PortsDep
) -> EmployeeView:
    """Register an employee (roles hr, admin); the id is assigned by the service."""
    require_roles(principal, *PRIVILEGED)
    employee_id = uuid7()
    written = await handlers.register_employee(
        ports,
        employee_id=employee_id,
        profile=body.given(),
        active=body.active,
        actor=principal.sub,
    )
    response.headers["Location"] = f"/v1/employees/{employee_id}"
    return _answer(response, written, principal)


@router.get(
    "/employees/{employee_id}",
    dependencies=[Depends(consistent(DIRECTORY))],
    responses=raises(e.EmployeeNotFound) | with_etag(),
)
async def get_employee(
    employee_id: EmployeeId, response: Response, principal: CurrentPrincipal, models: ModelsDep
) -> EmployeeView:
    """An employee's profile, with its version as ETag."""
    entry = await get_entry(models, employee_id)
    if entry is None or not visible(entry, principal):
        raise employee_not_found(employee_id)
    response.headers["ETag"] = f'"{entry["_v"]}"'
    return entry_view(entry, principal)


@router.get(
    "/me",
    dependencies=[Depends(consistent(DIRECTORY))],
    responses=raises(e.EmployeeNotFound) | with_etag(),
)
async def get_me(
    response: Response, principal: CurrentPrincipal, models: ModelsDep
) -> EmployeeView:
    """The caller's own profile."""
    entry = await get_entry(models, principal.sub)
    if entry is None or entry.get("erased"):
        raise employee_not_found(principal.sub)
    response.headers["ETag"] = f'"{entry["_v"]}"'
    return entry_view(entry, principal)


@router.patch(
    "/employees/{employee_id}",
    responses=raises(FORBIDDEN, e.FieldNotEditable, e.EmployeeNotFound, *PROFILE_CHECKS),
)
async def edit_employee(
    employee_id: EmployeeId,
    body: ProfileInput,
    expected: ExpectedVersion,
    response: Response,
    principal: CurrentPrincipal,
    ports: PortsDep,
) -> EmployeeView:
    """Change profile fields (``null`` clears); send If-Match to refuse stale edits (412)."""
    if is_privileged(principal):
        edit = handlers.update_profile
    elif principal.sub == employee_id:
        edit = handlers.edit_own_profile
    else:
        raise FORBIDDEN.problem("You may only edit your own profile.")
    written = await edit(
        ports, employee_id, changes=body.sent(), actor=principal.sub, expected=expected
    )
    return _answer(response, written, principal)


def _answer(response: Response, written: handlers.EmployeeWrite, viewer: Principal) -> EmployeeView:
    """The profile a command left, with its ETag and Consistency-Token."""
    command_headers(response, written.result)
    state, version = written.employee, written.result.version
    return employee_view(
        state.employee_id, state.profile, active=state.active, version=version, viewer=viewer
    )
