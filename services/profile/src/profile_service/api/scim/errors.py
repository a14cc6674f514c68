"""SCIM error responses (RFC 7644 §3.12) for every failure of a /scim route."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from servicekit.commands import PreconditionFailed
from servicekit.eventstore import ConcurrencyError
from servicekit.http.problems import TYPE_BASE, Problem
from starlette.exceptions import HTTPException

from profile_service.api.errors import CATALOG
from profile_service.api.scim import codes
from profile_service.api.scim.codes import ScimErrorType
from profile_service.api.scim.openapi import error_response
from profile_service.api.scim.urns import ERROR, SCIM_JSON
from profile_service.domain import errors
from profile_service.queries.scim_users import NotYetConsistent


class ScimError(Exception):
    """An error answer in SCIM format, of one of the kinds in ``codes``."""

    def __init__(
        self, kind: ScimErrorType, detail: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.kind, self.detail, self.headers = kind, detail, headers or {}

    @property
    def status(self) -> int:
        """The HTTP status."""
        return self.kind.status

    @property
    def scim_type(self) -> str | None:
        """The RFC 7644 Table 9 keyword, if the kind has one."""
        return self.kind.scim_type


# The domain's refusals that SCIM requests can meet; their codes are the /v1 problem types'.
_DOMAIN: dict[type[errors.DomainError], ScimErrorType] = {
    errors.EmployeeNotFound: codes.EMPLOYEE_NOT_FOUND,
    errors.EmployeeAlreadyRegistered: codes.EMPLOYEE_EXISTS,
    errors.UserNameTaken: codes.USER_NAME_TAKEN,
    errors.ManagerNotFound: codes.MANAGER_NOT_FOUND,
    errors.ManagerCycle: codes.MANAGER_CYCLE,
    errors.FieldRequired: codes.FIELD_REQUIRED,
    errors.FieldNotEditable: codes.FIELD_NOT_EDITABLE,
    errors.ValueAlreadyHeld: codes.VALUE_HELD,
}


def scim_error_for(exc: Exception) -> ScimError | None:
    """The SCIM error for an exception a route may raise (None: not ours to map)."""
    match exc:
        case ScimError():
            return exc
        case errors.DomainError():
            return ScimError(_domain_kind(exc), str(exc))
        case RequestValidationError() | ValidationError():
            return _invalid(exc.errors())
        case Problem():
            return _from_problem(exc)
        case HTTPException():  # raised by FastAPI itself, e.g. for a body it cannot parse
            headers = dict(exc.headers or {})
            return ScimError(_by_status(exc.status_code), str(exc.detail), headers=headers)
        case PreconditionFailed():
            return ScimError(codes.PRECONDITION_FAILED, str(exc))
        case ConcurrencyError():
            return ScimError(codes.CONCURRENCY, "The resource changed meanwhile; retry.")
        case NotYetConsistent():
            detail = "The directory is catching up with recent writes; retry."
            return ScimError(codes.NOT_YET_CONSISTENT, detail, headers={"Retry-After": "1"})
    return None


def _from_problem(problem: Problem) -> ScimError:
    """servicekit's answers (auth, If-Match, Consistency-Token, body limit) by their type."""
    kind = codes.BY_CODE.get(problem.type.removeprefix(TYPE_BASE)) or _by_status(problem.status)
    return ScimError(kind, problem.detail or problem.title, headers=problem.headers)


def _domain_kind(exc: errors.DomainError) -> ScimErrorType:
    """A refusal of the domain: a decision on the state, named as in /v1."""
    if type(exc) in _DOMAIN:
        return _DOMAIN[type(exc)]
    problem = CATALOG.kind(type(exc))
    return ScimErrorType(400, problem.name, problem.title, "invalidValue", decision=True)


def _by_status(status: int) -> ScimErrorType:
    return codes.BY_STATUS.get(status) or ScimErrorType(status, "error", "Error")


def _invalid(problems: object) -> ScimError:
    items = problems if isinstance(problems, list) else []
    if any(p.get("type") == "json_invalid" for p in items):
        return ScimError(codes.MALFORMED, "The body is not valid JSON.")
    detail = "; ".join(f"{'.'.join(map(str, p.get('loc', ())))}: {p.get('msg')}" for p in items)
    return ScimError(codes.INVALID, detail or "invalid request")


class ScimJSONResponse(JSONResponse):
    """A JSON response as ``application/scim+json`` (RFC 7644 §8.1)."""

    media_type = SCIM_JSON


def scim_error_body(error: ScimError) -> dict[str, str | list[str]]:
    """The SCIM error message; ``detail`` starts with the kind's stable code."""
    kind = error.kind
    body: dict[str, str | list[str]] = {
        "schemas": [ERROR],
        "status": str(kind.status),
        "detail": f"{kind.code}: {error.detail}",
    }
    if kind.scim_type:
        body["scimType"] = kind.scim_type
    return body


def scim_error_response(error: ScimError) -> JSONResponse:
    """Render a SCIM error as the answer."""
    body = scim_error_body(error)
    return ScimJSONResponse(body, status_code=error.status, headers=error.headers)


class ScimRoute(APIRoute):
    """A route whose every error (auth, validation, domain, concurrency) is a SCIM error."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        if self.body_field is not None and 413 not in self.responses:
            # servicekit's body limit answers here in SCIM format too (``render_problem``)
            self.responses = {**self.responses, 413: error_response([codes.TOO_LARGE])}

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler with the SCIM error mapping."""
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                error = scim_error_for(exc)
                if error is None:
                    raise
                return scim_error_response(error)

        return route

    def render_problem(self, problem: Problem) -> Response:
        """servicekit's own answers (a body over the limit) as SCIM errors."""
        return scim_error_response(_from_problem(problem))
