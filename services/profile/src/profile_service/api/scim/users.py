"""SCIM 2.0 ``/Users`` for HR / the identity provider (role ``provisioner`` only).

Single users are read from the event store, lists and filters see every
acknowledged write (``queries.scim_users``). DELETE deactivates the employee and ends the SCIM
resource: afterwards GET, PUT, PATCH and DELETE answer 404 and lists skip it;
the userName is free again for a new registration.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from servicekit.http.commands import command_headers, if_match
from servicekit.http.consistency import consistent

from profile_service.api.deps import EmployeeId, PortsDep
from profile_service.api.scim import openapi, writes
from profile_service.api.scim.answers import command_answer, user_answer
from profile_service.api.scim.context import Provisioner, ScimBase, Selected, Wait
from profile_service.api.scim.errors import ScimJSONResponse, ScimRoute
from profile_service.api.scim.listing import ListQuery, list_response
from profile_service.api.scim.schema import FILTER_DOC, PatchRequest, User
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
    written = await writes.create(ports, user, actor=who.sub)
    return await command_answer(ports, written, base, pick, status=201)


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
    written = await writes.replace(
        ports, employee_id, user, actor=who.sub, expected=if_match(request)
    )
    return await command_answer(ports, written, base, pick)


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
    written = await writes.patch(
        ports, employee_id, body, actor=who.sub, expected=if_match(request)
    )
    return await command_answer(ports, written, base, pick)


@router.delete(
    "/Users/{employee_id}", status_code=204, responses=openapi.answers(204, None, *openapi.WRITE)
)
async def delete_user(
    employee_id: EmployeeId, request: Request, who: Provisioner, ports: PortsDep
) -> Response:
    """Deprovision: deactivate the employee and end the SCIM resource (then 404)."""
    written = await writes.deprovision(
        ports, employee_id, actor=who.sub, expected=if_match(request)
    )
    response = Response(status_code=204)
    command_headers(response, written.result)
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
