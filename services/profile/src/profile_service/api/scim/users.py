"""SCIM 2.0 ``/Users`` for HR / the identity provider (role ``provisioner`` only).

Single users are read from the event store, lists and filters see every
acknowledged write (``queries.scim_users``). DELETE deactivates the employee and ends the SCIM
resource: afterwards GET, PUT, PATCH and DELETE answer 404 and lists skip it;
the userName is free again for a new registration.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from collab_events import Event, uuid7
from fastapi import APIRouter, Depends, Query, Request, Response
from servicekit.http.commands import command_headers, if_match
from servicekit.http.consistency import consistent

from profile_service.api.deps import EmployeeId, PortsDep
from profile_service.api.scim import openapi
from profile_service.api.scim.answers import command_answer, user_answer
from profile_service.api.scim.context import Provisioner, ScimBase, Selected, Wait
from profile_service.api.scim.errors import ScimError, ScimJSONResponse, ScimRoute
from profile_service.api.scim.listing import ListQuery, list_response
from profile_service.api.scim.mapping import SCIM_MANAGED, profile_from_user, validated
from profile_service.api.scim.patch import PatchChanges, patch_changes
from profile_service.api.scim.schema import FILTER_DOC, PatchRequest, User
from profile_service.domain import employee
from profile_service.domain.errors import EmployeeNotFound
from profile_service.handlers.employees import run_employee_command
from profile_service.projections import DIRECTORY
from profile_service.queries.records import employee_record

router = APIRouter(route_class=ScimRoute, default_response_class=ScimJSONResponse)


@router.post(
    "/Users",
    status_code=201,
    responses=openapi.answers(201, openapi.UserResource, 400, 401, 403, 409),
)
async def create_user(
    user: User, who: Provisioner, ports: PortsDep, base: ScimBase, pick: Selected
) -> Response:
    """Provision an employee; the service assigns the id."""
    profile = profile_from_user(user)
    decide = partial(employee.decide_register, profile=profile, active=user.active is not False)
    return await command_answer(ports, uuid7(), decide, who, base, pick, status=201)


@router.get(
    "/Users/{employee_id}", responses=openapi.answers(200, openapi.UserResource, 400, 401, 403, 404)
)
async def get_user(
    employee_id: EmployeeId, who: Provisioner, ports: PortsDep, base: ScimBase, pick: Selected
) -> Response:
    """One employee, read from the event store (SCIM clients expect their writes at once)."""
    return user_answer(employee_id, await employee_record(ports.store, employee_id), base, pick)


@router.put(
    "/Users/{employee_id}", responses=openapi.answers(200, openapi.UserResource, *openapi.WRITE)
)
async def replace_user(
    employee_id: EmployeeId,
    user: User,
    request: Request,
    who: Provisioner,
    ports: PortsDep,
    base: ScimBase,
    pick: Selected,
) -> Response:
    """Replace the provisioned attributes (employee-owned ones only when sent)."""
    profile = profile_from_user(user)

    def decide(state: employee.Employee) -> list[Event]:
        _provisioned(state)
        return employee.decide_replace(
            state, profile=profile, managed=SCIM_MANAGED, active=user.active
        )

    return await command_answer(ports, employee_id, decide, who, base, pick, if_match(request))


@router.patch(
    "/Users/{employee_id}", responses=openapi.answers(200, openapi.UserResource, *openapi.WRITE)
)
async def patch_user(
    employee_id: EmployeeId,
    body: PatchRequest,
    request: Request,
    who: Provisioner,
    ports: PortsDep,
    base: ScimBase,
    pick: Selected,
) -> Response:
    """Apply PATCH operations, e.g. ``{"op": "replace", "path": "active", "value": false}``."""
    patch = patch_changes(body.operations)
    changes = validated(patch.changes)

    def decide(state: employee.Employee) -> list[Event]:
        _provisioned(state)
        _refuse_second_values(state, patch, changes)
        events = employee.decide_update(state, changes=changes)
        return events + employee.decide_set_active(state, patch.active)

    return await command_answer(ports, employee_id, decide, who, base, pick, if_match(request))


@router.delete(
    "/Users/{employee_id}", status_code=204, responses=openapi.answers(204, None, *openapi.WRITE)
)
async def delete_user(
    employee_id: EmployeeId, request: Request, who: Provisioner, ports: PortsDep
) -> Response:
    """Deprovision: deactivate the employee and end the SCIM resource (then 404)."""
    result, _ = await run_employee_command(
        ports,
        employee_id,
        employee.decide_deprovision,
        actor=who.sub,
        expected_version=if_match(request),
    )
    response = Response(status_code=204)
    command_headers(response, result)
    return response


@router.get(
    "/Users",
    dependencies=[Depends(consistent(DIRECTORY))],
    responses=openapi.answers(200, openapi.UserList, 400, 401, 403, 503),
)
async def list_users(
    who: Provisioner,
    ports: PortsDep,
    base: ScimBase,
    wait: Wait,
    pick: Selected,
    filter: Annotated[str | None, Query(max_length=300, json_schema_extra=FILTER_DOC)] = None,
    start_index: Annotated[int, Query(alias="startIndex")] = 1,
    count: int | None = None,
) -> Response:
    """Users matching ``userName eq "…"``, ``externalId eq "…"`` or ``id eq "…"`` (or all)."""
    query = ListQuery(filter, start_index, count, pick)
    body = await list_response(ports, query, base=base, wait_s=wait)
    return ScimJSONResponse(body)


def _provisioned(state: employee.Employee) -> None:
    """PUT and PATCH act on SCIM resources only: a deleted user is not one any more."""
    if state.deprovisioned:
        raise EmployeeNotFound(state.employee_id)


def _refuse_second_values(
    state: employee.Employee, patch: PatchChanges, changes: dict[str, object]
) -> None:
    """An ``add`` to a multi-valued attribute that already holds another value."""
    for name in patch.appended:
        held, new = state.profile.get(name), changes.get(name)
        if held is not None and new is not None and held != new:
            raise ScimError(
                400,
                f"{name} already has a value; this service keeps one: use replace",
                scim_type="invalidValue",
            )
