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
from servicekit.http.problems import Problem
from starlette.exceptions import HTTPException

from profile_service.api.scim.schema import ERROR, SCIM_JSON
from profile_service.domain import errors
from profile_service.queries.scim_users import NotYetConsistent


class ScimError(Exception):
    """An error answer in SCIM format."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        scim_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.headers = headers or {}


_DOMAIN: dict[type[errors.DomainError], tuple[int, str | None]] = {
    errors.EmployeeNotFound: (404, None),
    errors.EmployeeAlreadyRegistered: (409, "uniqueness"),
    errors.UserNameTaken: (409, "uniqueness"),
    errors.ManagerNotFound: (400, "invalidValue"),
    errors.ManagerCycle: (400, "invalidValue"),
    errors.FieldRequired: (400, "invalidValue"),
    errors.FieldNotEditable: (400, "mutability"),
    errors.ValueAlreadyHeld: (400, "invalidValue"),
}


def scim_error_for(exc: Exception) -> ScimError | None:
    """The SCIM error for an exception a route may raise (None: not ours to map)."""
    match exc:
        case ScimError():
            return exc
        case errors.DomainError():
            status, scim_type = _DOMAIN.get(type(exc), (400, None))
            return ScimError(status, str(exc), scim_type=scim_type)
        case RequestValidationError() | ValidationError():
            return _invalid(exc.errors())
        case Problem():
            return ScimError(exc.status, exc.detail or exc.title, headers=exc.headers)
        case HTTPException():  # raised by FastAPI itself, e.g. for a body it cannot parse
            scim_type = "invalidSyntax" if exc.status_code == 400 else None
            headers = dict(exc.headers or {})
            return ScimError(exc.status_code, str(exc.detail), scim_type=scim_type, headers=headers)
        case PreconditionFailed():
            return ScimError(412, str(exc))
        case ConcurrencyError():
            return ScimError(409, "The resource changed meanwhile; retry.")
        case NotYetConsistent():
            detail = "The directory is catching up with recent writes; retry."
            return ScimError(503, detail, headers={"Retry-After": "1"})
    return None


def _invalid(problems: object) -> ScimError:
    items = problems if isinstance(problems, list) else []
    if any(p.get("type") == "json_invalid" for p in items):
        return ScimError(400, "The body is not valid JSON.", scim_type="invalidSyntax")
    detail = "; ".join(f"{'.'.join(map(str, p.get('loc', ())))}: {p.get('msg')}" for p in items)
    return ScimError(400, detail or "invalid request", scim_type="invalidValue")


class ScimJSONResponse(JSONResponse):
    """A JSON response as ``application/scim+json`` (RFC 7644 §8.1)."""

    media_type = SCIM_JSON


def scim_error_response(error: ScimError) -> JSONResponse:
    """Render a SCIM error."""
    body = {"schemas": [ERROR], "status": str(error.status), "detail": error.detail}
    if error.scim_type:
        body["scimType"] = error.scim_type
    return ScimJSONResponse(body, status_code=error.status, headers=error.headers)


class ScimRoute(APIRoute):
    """A route whose every error (auth, validation, domain, concurrency) is a SCIM error."""

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
