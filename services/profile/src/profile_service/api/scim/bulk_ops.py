"""The operations of a bulk request: a batch of POSTs as registrations, any other alone.

Each runs what its single request runs (``writes``, the same User and PatchOp bodies,
the same mapping), its bulkId references replaced by the ids created before; an
exception a single request would answer as a SCIM error is the operation's answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from collab_events.ids import ID_PATTERN
from servicekit.http.commands import parse_if_match

from profile_service.api.scim import codes, writes
from profile_service.api.scim.bulk_refs import resolved
from profile_service.api.scim.bulk_schema import BulkOperation
from profile_service.api.scim.errors import ScimError, scim_error_body, scim_error_for
from profile_service.api.scim.schema import PatchRequest, User
from profile_service.domain.commands import RegisterEmployee
from profile_service.handlers.employees import EmployeeWrite
from profile_service.handlers.registrations import register_many

if TYPE_CHECKING:
    from profile_service.api.scim.bulk_run import BulkRun

_USERS = re.compile(r"^/?Users(?:/([^/]+))?/?$")
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one operation: a status and the resource, or a SCIM error."""

    status: int = 200
    error: ScimError | None = None
    employee_id: str | None = None
    version: int | None = None
    created: str | None = None  # the id a POST created (its bulkId now stands for it)

    def message(self, op: BulkOperation, base: str) -> dict[str, Any]:
        """The operation in the BulkResponse (RFC 7644 §3.7.3)."""
        body: dict[str, Any] = {"method": op.method.upper()}
        if op.bulk_id:
            body["bulkId"] = op.bulk_id
        if self.employee_id:
            body["location"] = f"{base}/Users/{self.employee_id}"
        if self.version is not None:
            body["version"] = f'W/"{self.version}"'
        body["status"] = str(self.error.status if self.error else self.status)
        if self.error:
            body["response"] = scim_error_body(self.error)
        return body


async def post_batch(
    run: BulkRun, batch: Sequence[tuple[int, BulkOperation]], budget: int | None
) -> list[tuple[int, BulkOperation, Result]]:
    """Register the batch's users in one append; the answers of those performed, in order."""
    entries = [_registration(op, run.ids) for _, op in batch]
    outcomes = await register_many(run.ports, entries, actor=run.actor, max_errors=budget)
    return [(i, op, _created(o)) for (i, op), o in zip(batch, outcomes, strict=False)]


async def single(run: BulkRun, op: BulkOperation) -> Result:
    """PUT, PATCH or DELETE one user through the single request's write."""
    path, employee_id = resolved(op.path, run.ids), None
    try:
        employee_id = _target(op.method.upper(), path)
        written = await _write(run, op, str(employee_id))
    except Exception as exc:
        return Result(error=_as_scim(exc), employee_id=employee_id)
    status = 204 if op.method.upper() == "DELETE" else 200
    return Result(status, employee_id=employee_id, version=written.result.version)


def _registration(op: BulkOperation, ids: dict[str, str]) -> RegisterEmployee | ScimError:
    try:
        _target("POST", op.path)
        return writes.registration(User.model_validate(_data(op, ids)))
    except Exception as exc:
        return _as_scim(exc)


def _created(outcome: EmployeeWrite | Exception) -> Result:
    if isinstance(outcome, Exception):
        return Result(error=_as_scim(outcome))
    employee_id = outcome.employee.employee_id
    return Result(201, employee_id=employee_id, version=outcome.result.version, created=employee_id)


async def _write(run: BulkRun, op: BulkOperation, employee_id: str) -> EmployeeWrite:
    method, ports, actor = op.method.upper(), run.ports, run.actor
    expected = parse_if_match(op.version) if op.version is not None else None
    if method == "DELETE":
        return await writes.deprovision(ports, employee_id, actor=actor, expected=expected)
    data = _data(op, run.ids)
    if method == "PUT":
        user = User.model_validate(data)
        return await writes.replace(ports, employee_id, user, actor=actor, expected=expected)
    body = PatchRequest.model_validate(data)
    return await writes.patch(ports, employee_id, body, actor=actor, expected=expected)


def _target(method: str, path: str) -> str | None:
    """The user a path names (None: the ``/Users`` endpoint of a POST)."""
    match = _USERS.match(path)
    if match is None:
        raise ScimError(codes.NOT_FOUND, f"no SCIM endpoint at {path}")
    employee_id = match.group(1)
    if (method == "POST") != (employee_id is None):
        raise ScimError(codes.METHOD_NOT_ALLOWED, f"{method} is not supported at {path}")
    if employee_id is not None and not _ID.fullmatch(employee_id):
        raise ScimError(codes.EMPLOYEE_NOT_FOUND, f"User {employee_id} not found")
    return employee_id


def _data(op: BulkOperation, ids: dict[str, str]) -> dict[str, Any]:
    if op.data is None:
        raise ScimError(codes.BULK_DATA_MISSING, f"{op.method.upper()} needs data")
    data: dict[str, Any] = resolved(op.data, ids)
    return data


def _as_scim(exc: Exception) -> ScimError:
    """The SCIM error a single request would answer; anything else is no operation's."""
    error = scim_error_for(exc)
    if error is None:
        raise exc
    return error
