"""OpenAPI documentation of every answer a route can give, derived in one place.

Dependencies declare the problems they may raise with ``@answers(...)``; routes
declare their domain errors (``ProblemCatalog.responses``); ``ProblemRoute``
(``servicekit.http.routes``) adds what every route of a kind answers: 401 behind
authentication, 413 and 422 for bodies and parameters, ``ETag`` and
``Consistency-Token`` on command answers, ``Location`` on 201. Each problem status
is documented as ``application/problem+json`` whose ``type`` is one of the listed
problem types; a 422 type other than ``validation-error`` is listed as a decision (on the
state, which no schema can state). A route with an error format of its own
(``OwnErrorFormat``) documents its errors itself: FastAPI's default 422 is not its answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from servicekit.http.middleware import OwnErrorFormat
from servicekit.http.problems import PROBLEM_JSON, VALIDATION, ProblemType

Responses = dict[int | str, dict[str, Any]]
F = TypeVar("F", bound=Callable[..., Any])

ANSWERS = "__problem_answers__"
PROBLEMS_KEY = "x-problem-types"  # the problem types of one status, kept in the document
# Marks a listed type refused for the state (or a rule across fields), not for the
# request's form: schema-valid data may meet it (servicekit.testing.openapi_checks).
DECISION_KEY = "decision"
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")  # its default 422's schemas
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; extension members may follow.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Stable problem type"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "format": "uri-reference"},
        "errors": {
            "type": "array",
            "description": "validation-error: one entry per invalid field",
            "items": {"type": "object"},
        },
        "current_version": {
            "type": "integer",
            "description": "precondition-failed: the version to send as If-Match",
        },
    },
    "additionalProperties": True,
}
TOKEN_PATTERN = "^[^ \\t].*@[0-9]+$"  # HTTP strips leading blanks off a field value
HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {"type": "string", "pattern": '^"[0-9]+"$'},
    "Consistency-Token": {"type": "string", "pattern": TOKEN_PATTERN},
    "Location": {"type": "string", "format": "uri-reference"},
    "Retry-After": {"type": "string", "pattern": "^[0-9]+$"},
    "WWW-Authenticate": {"type": "string", "pattern": "^Bearer "},
    "Allow": {"type": "string"},
}


def answers(*types: ProblemType) -> Callable[[F], F]:
    """Declare the problems a dependency may raise; every route using it documents them."""

    def mark(dependency: F) -> F:
        setattr(dependency, ANSWERS, (*getattr(dependency, ANSWERS, ()), *types))
        return dependency

    return mark


def declared_answers(dependency: object) -> tuple[ProblemType, ...]:
    """The problems ``dependency`` declared with ``@answers``."""
    found: tuple[ProblemType, ...] = getattr(dependency, ANSWERS, ())
    return found


def header(name: str, description: str, *, required: bool = True) -> dict[str, Any]:
    """An OpenAPI header object of one of the headers in ``HEADERS``."""
    return {"description": description, "required": required, "schema": HEADERS[name]}


def with_etag(status: int = 200) -> Responses:
    """The success answer of a read that sends the resource's version as ``ETag``."""
    return {status: {"headers": {"ETag": header("ETag", "The version; send it as If-Match")}}}


def problem_responses(types: Iterable[ProblemType]) -> Responses:
    """One problem+json response per status, listing the problem types it may carry."""
    by_status: dict[int, dict[str, ProblemType]] = {}
    for kind in types:
        by_status.setdefault(kind.status, {})[kind.name] = kind
    return {status: _render(list(kinds.values())) for status, kinds in sorted(by_status.items())}


def _render(kinds: list[ProblemType]) -> dict[str, Any]:
    status = kinds[0].status
    schema = {
        "allOf": [
            PROBLEM_REF,
            {
                "properties": {
                    "status": {"const": status},
                    "type": {"enum": [k.uri for k in kinds]},
                }
            },
        ]
    }
    headers = {
        # required only when every problem type of this status sends it
        name: header(name, description, required=all(name in k.headers for k in kinds))
        for kind in kinds
        for name, description in kind.headers.items()
    }
    lines = "; ".join(f"`{k.name}`: {k.title}" for k in kinds)
    response: dict[str, Any] = {
        "description": lines,
        "content": {PROBLEM_JSON: {"schema": schema}},
        PROBLEMS_KEY: [_listing(k) for k in kinds],
    }
    if headers:
        response["headers"] = headers
    return response


def _listing(kind: ProblemType) -> dict[str, Any]:
    item: dict[str, Any] = {"name": kind.name, "title": kind.title}
    if kind.status == VALIDATION.status and kind != VALIDATION:
        item[DECISION_KEY] = True
    return item | ({"headers": dict(kind.headers)} if kind.headers else {})


def listed_types(response: Mapping[str, Any], status: int) -> list[ProblemType]:
    """The problem types a rendered problem response lists (to merge two of them)."""
    items = response.get(PROBLEMS_KEY, [])
    return [
        ProblemType(status, item["name"], item["title"], item.get("headers", {})) for item in items
    ]


def drop_foreign_validation(document: dict[str, Any], routes: Iterable[BaseRoute]) -> None:
    """Remove FastAPI's default 422 from routes with an error format of their own.

    FastAPI adds ``422 application/json`` to every operation with parameters or a body
    that does not document a 422; such a route answers validation errors its own way
    (SCIM: 400). Its schemas leave the document when nothing else refers to them.
    """
    for context in iter_route_contexts(list(routes)):
        route = context.original_route
        if not isinstance(route, APIRoute) or not isinstance(route, OwnErrorFormat):
            continue
        if 422 in route.responses or "422" in route.responses:
            continue
        item = document.get("paths", {}).get(context.path_format, {})
        for method in context.methods or ():
            item.get(method.lower(), {}).get("responses", {}).pop("422", None)
    schemas = document.get("components", {}).get("schemas", {})
    paths = json.dumps(document.get("paths", {}))
    if f'"#/components/schemas/{FASTAPI_VALIDATION[0]}"' not in paths:
        for name in FASTAPI_VALIDATION:  # the second is referred to by the first only
            schemas.pop(name, None)
