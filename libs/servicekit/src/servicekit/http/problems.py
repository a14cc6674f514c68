"""RFC 9457 problem details for every error, with stable ``type`` URIs."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekit.commands import PreconditionFailed
from servicekit.eventstore import ConcurrencyError
from servicekit.http.cursors import InvalidCursor

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:collab:problem:"

_STATUS_TYPES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    428: "precondition-required",
    429: "too-many-requests",
    503: "unavailable",
}


class Problem(Exception):
    """An error answer: raise anywhere in an endpoint, rendered as problem+json."""

    def __init__(
        self,
        status: int,
        title: str,
        *,
        type_: str | None = None,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.type = TYPE_BASE + (type_ or _STATUS_TYPES.get(status, "error"))
        self.headers, self.extensions = headers or {}, extensions


def problem_response(problem: Problem, instance: str | None = None) -> JSONResponse:
    """Render a Problem."""
    body: dict[str, Any] = {
        "type": problem.type,
        "title": problem.title,
        "status": problem.status,
        **problem.extensions,
    }
    if problem.detail:
        body["detail"] = problem.detail
    if instance:
        body["instance"] = instance
    return JSONResponse(
        body, status_code=problem.status, headers=problem.headers, media_type=PROBLEM_JSON
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Map every exception the app can raise onto problem+json (never a stack trace)."""

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return problem_response(
            Problem(
                422,
                "Request validation failed",
                detail="See 'errors' for each invalid field.",
                errors=errors,
            ),
            request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        problem = Problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
        return problem_response(problem, request.url.path)

    @app.exception_handler(ConcurrencyError)
    async def on_conflict(request: Request, exc: ConcurrencyError) -> JSONResponse:
        return problem_response(
            Problem(
                409,
                "Concurrent modification",
                type_="concurrency",
                detail="The resource changed meanwhile; reload and retry.",
            ),
            request.url.path,
        )

    @app.exception_handler(InvalidCursor)
    async def on_cursor(request: Request, exc: InvalidCursor) -> JSONResponse:
        problem = Problem(
            400,
            "Invalid cursor",
            type_="invalid-cursor",
            detail="Send back a next_cursor value exactly as received.",
        )
        return problem_response(problem, request.url.path)

    @app.exception_handler(PreconditionFailed)
    async def on_precondition(request: Request, exc: PreconditionFailed) -> JSONResponse:
        problem = Problem(412, "Precondition failed", detail=str(exc), current_version=exc.actual)
        return problem_response(problem, request.url.path)

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(Problem(500, "Internal error", type_="internal"), request.url.path)
