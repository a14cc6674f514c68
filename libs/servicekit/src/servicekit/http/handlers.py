"""Exception handlers: every error an app can raise answered as problem+json."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute

from servicekit.commands import PreconditionFailed
from servicekit.eventstore import ConcurrencyError
from servicekit.http import problems as p
from servicekit.http.cursors import InvalidCursor

MethodIndex = list[tuple[re.Pattern[str], frozenset[str]]]


def method_index(routes: Iterable[BaseRoute]) -> MethodIndex:
    """(path regex, methods) of every route, to answer 405 with the full ``Allow``."""
    index: MethodIndex = []
    for route in routes:
        regex, methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and methods:
            index.append((regex, frozenset(methods)))
    return index


def allowed_methods(index: MethodIndex, path: str) -> str:
    """``Allow`` for ``path``: the methods of every route matching it (RFC 9110 §10.2.1)."""
    methods = {m for regex, ms in index if regex.match(path) for m in ms}
    return ", ".join(sorted(methods))


def install_problem_handlers(app: FastAPI) -> None:
    """Map every exception the app can raise onto problem+json (never a stack trace)."""

    def answer(request: Request, problem: p.Problem) -> JSONResponse:
        return p.problem_response(problem, request.url.path)

    @app.exception_handler(p.Problem)
    async def on_problem(request: Request, exc: p.Problem) -> JSONResponse:
        return answer(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        detail = "See 'errors' for each invalid field."
        return answer(request, p.VALIDATION.problem(detail, errors=errors))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 400:  # FastAPI: a body that is not even text (e.g. not UTF-8)
            return answer(request, p.MALFORMED_BODY.problem(str(exc.detail), headers=headers))
        if exc.status_code == 405:
            index: MethodIndex = getattr(app.state, "method_index", [])
            headers["Allow"] = allowed_methods(index, request.url.path) or headers.get("Allow", "")
        return answer(request, p.Problem(exc.status_code, str(exc.detail), headers=headers))

    @app.exception_handler(ConcurrencyError)
    async def on_conflict(request: Request, exc: ConcurrencyError) -> JSONResponse:
        detail = "The resource changed meanwhile; reload and retry."
        return answer(request, p.CONCURRENCY.problem(detail))

    @app.exception_handler(InvalidCursor)
    async def on_cursor(request: Request, exc: InvalidCursor) -> JSONResponse:
        detail = "Send back a next_cursor value exactly as received."
        return answer(request, p.INVALID_CURSOR.problem(detail))

    @app.exception_handler(PreconditionFailed)
    async def on_precondition(request: Request, exc: PreconditionFailed) -> JSONResponse:
        detail = f'The resource is at version {exc.actual}: read it, then If-Match: "{exc.actual}".'
        return answer(request, p.PRECONDITION_FAILED.problem(detail, current_version=exc.actual))

    @app.exception_handler(ConnectionFailure)
    async def on_storage_outage(request: Request, exc: ConnectionFailure) -> JSONResponse:
        # MongoDB unreachable or restarted mid-command: nothing was acknowledged, and a
        # retry (with the same Idempotency-Key, where the command takes one) is safe.
        detail = "The database is not reachable right now; retry shortly."
        return answer(request, p.STORAGE_UNAVAILABLE.problem(detail, headers={"Retry-After": "1"}))

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return answer(request, p.INTERNAL.problem())
