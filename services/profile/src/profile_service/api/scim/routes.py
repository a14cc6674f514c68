"""SCIM 2.0 Users endpoint for HR / the identity provider (role ``provisioner`` only)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from collab_events import Event, uuid7
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from servicekit.auth import Principal
from servicekit.http.commands import command_headers, if_match
from servicekit.http.consistency import HEADER as CONSISTENCY_HEADER
from servicekit.http.consistency import consistent
from servicekit.http.security import CurrentPrincipal, require_roles

from profile_service.api.deps import EmployeeId, ModelsDep, PortsDep
from profile_service.api.scim import listing
from profile_service.api.scim.errors import ScimError, ScimRoute
from profile_service.api.scim.mapping import SCIM_MANAGED, profile_from_user, scim_user, validated
from profile_service.api.scim.patch import patch_changes
from profile_service.api.scim.schema import SCIM_JSON, PatchRequest, User
from profile_service.domain import employee
from profile_service.handlers.employees import Decide, run_employee_command
from profile_service.handlers.ports import Ports
from profile_service.projections import DIRECTORY
from profile_service.queries.records import EmployeeRecord, employee_record


def provisioner(principal: CurrentPrincipal) -> Principal:
    """Only tokens with the role ``provisioner`` may provision."""
    require_roles(principal, "provisioner")
    return principal


Provisioner = Annotated[Principal, Depends(provisioner)]
router = APIRouter(prefix="/scim/v2", tags=["scim"], route_class=ScimRoute)


@router.post("/Users", status_code=201)
async def create_user(user: User, provisioner: Provisioner, ports: PortsDep) -> Response:
    """Provision an employee; the service assigns the id."""
    decide = partial(
        employee.decide_register, profile=profile_from_user(user), active=user.active is not False
    )
    return await _command(ports, uuid7(), decide, provisioner, status=201)


@router.get("/Users/{employee_id}")
async def get_user(employee_id: EmployeeId, provisioner: Provisioner, ports: PortsDep) -> Response:
    """One employee, read from the event store (SCIM clients expect their writes at once)."""
    return await _resource(ports, employee_id)


@router.put("/Users/{employee_id}")
async def replace_user(
    employee_id: EmployeeId,
    user: User,
    request: Request,
    provisioner: Provisioner,
    ports: PortsDep,
) -> Response:
    """Replace the provisioned attributes (employee-owned ones only when sent)."""
    decide = partial(
        employee.decide_replace,
        profile=profile_from_user(user),
        managed=SCIM_MANAGED,
        active=user.active,
    )
    return await _command(ports, employee_id, decide, provisioner, expected=if_match(request))


@router.patch("/Users/{employee_id}")
async def patch_user(
    employee_id: EmployeeId,
    body: PatchRequest,
    request: Request,
    provisioner: Provisioner,
    ports: PortsDep,
) -> Response:
    """Apply PATCH operations, e.g. ``{"op": "replace", "path": "active", "value": false}``."""
    patch = patch_changes(body.operations)
    changes = validated(patch.changes)

    def decide(state: employee.Employee) -> list[Event]:
        events = employee.decide_update(state, changes=changes)
        return events + employee.decide_set_active(state, patch.active)

    return await _command(ports, employee_id, decide, provisioner, expected=if_match(request))


@router.delete("/Users/{employee_id}", status_code=204)
async def delete_user(
    employee_id: EmployeeId, request: Request, provisioner: Provisioner, ports: PortsDep
) -> Response:
    """Deprovision = deactivate: the id stays, the employee disappears from the directory."""
    decide = partial(employee.decide_set_active, active=False)
    result, _ = await run_employee_command(
        ports, employee_id, decide, actor=provisioner.sub, expected_version=if_match(request)
    )
    response = Response(status_code=204)
    command_headers(response, result)
    return response


@router.get("/Users", dependencies=[Depends(consistent(DIRECTORY))])
async def list_users(
    provisioner: Provisioner,
    models: ModelsDep,
    filter: Annotated[str | None, Query(max_length=300)] = None,
    start_index: Annotated[int, Query(alias="startIndex", ge=1)] = 1,
    count: Annotated[int, Query(ge=0, le=listing.MAX_COUNT)] = listing.DEFAULT_COUNT,
) -> Response:
    """Users matching ``userName eq "…"``, ``externalId eq "…"`` or ``id eq "…"`` (or all)."""
    body = await listing.list_users(models, filter, start_index=start_index, count=count)
    return JSONResponse(body, media_type=SCIM_JSON)


@router.get("/ServiceProviderConfig")
async def service_provider_config(provisioner: Provisioner) -> Response:
    """What this SCIM service supports (RFC 7643 §5)."""
    return JSONResponse(listing.SERVICE_PROVIDER_CONFIG, media_type=SCIM_JSON)


async def _command(
    ports: Ports,
    employee_id: str,
    decide: Decide,
    provisioner: Principal,
    *,
    expected: int | None = None,
    status: int = 200,
) -> Response:
    result, state = await run_employee_command(
        ports, employee_id, decide, actor=provisioner.sub, expected_version=expected
    )
    if status == 201 and result.events:  # a creation: the events hold everything shown
        record = EmployeeRecord(
            state, result.version, result.events[0].time, result.events[-1].time
        )
    else:
        record = await employee_record(ports.store, employee_id)
    response = _render(employee_id, record, status)
    response.headers[CONSISTENCY_HEADER] = result.consistency_token
    response.headers["Location"] = f"/scim/v2/Users/{employee_id}"
    return response


async def _resource(ports: Ports, employee_id: str) -> Response:
    return _render(employee_id, await employee_record(ports.store, employee_id), 200)


def _render(employee_id: str, record: EmployeeRecord, status: int) -> Response:
    if not record.state.exists:
        raise ScimError(404, f"User {employee_id} not found")
    body = scim_user(
        employee_id,
        record.state.profile,
        active=record.state.active,
        version=record.version,
        created=record.created,
        modified=record.modified,
    )
    response = JSONResponse(body, status_code=status, media_type=SCIM_JSON)
    response.headers["ETag"] = f'W/"{record.version}"'
    return response
