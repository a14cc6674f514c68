"""Answers of the Users routes: the User after a command, or as read, as SCIM JSON."""

from __future__ import annotations

from fastapi import Response
from servicekit.http.consistency import HEADER as CONSISTENCY_HEADER

from profile_service.api.scim import codes
from profile_service.api.scim.attributes import Selection
from profile_service.api.scim.errors import ScimError, ScimJSONResponse
from profile_service.api.scim.listing import render
from profile_service.handlers.employees import EmployeeWrite
from profile_service.ports import Ports
from profile_service.queries.records import EmployeeRecord, employee_record
from profile_service.queries.scim_users import UserRow, scim_visible


async def command_answer(
    ports: Ports, written: EmployeeWrite, base: str, pick: Selection, *, status: int = 200
) -> Response:
    """The User a command left, with Location and Consistency-Token."""
    result, state = written.result, written.employee
    employee_id = state.employee_id
    if status == 201 and result.events:  # a creation: the events hold everything shown
        created, modified = result.events[0].time, result.events[-1].time
        record = EmployeeRecord(state, result.version, created, modified)
    else:
        record = await employee_record(ports.store, employee_id)
    response = user_answer(employee_id, record, base, pick, status)
    response.headers[CONSISTENCY_HEADER] = result.consistency_token
    response.headers["Location"] = f"{base}/Users/{employee_id}"
    return response


def user_answer(
    employee_id: str, record: EmployeeRecord, base: str, pick: Selection, status: int = 200
) -> Response:
    """The User of a record (404 when it is no SCIM resource), with its ETag."""
    if not scim_visible(record):
        raise ScimError(codes.EMPLOYEE_NOT_FOUND, f"User {employee_id} not found")
    state = record.state
    row = UserRow(
        employee_id,
        state.profile,
        state.active,
        record.version,
        record.created,
        record.modified,
        "",
    )
    response = ScimJSONResponse(pick.apply(render(row, base)), status_code=status)
    response.headers["ETag"] = f'W/"{record.version}"'
    return response
