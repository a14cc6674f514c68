"""RFC 9457 problem details for every error, with stable ``type`` URIs.

A ``ProblemType`` names one kind of error answer (status, stable type, title and
the headers it carries). The same values raise the error and document it in
OpenAPI (``servicekit.http.openapi``), so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi.responses import JSONResponse

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


def type_uri(name: str) -> str:
    """The ``type`` member of a problem named ``name``."""
    return TYPE_BASE + name


@dataclass(frozen=True, slots=True)
class ProblemType:
    """One kind of error answer: status, stable type name, title, headers it always carries."""

    status: int
    name: str
    title: str
    headers: Mapping[str, str] = field(default_factory=dict)  # header name -> description

    @property
    def uri(self) -> str:
        """The problem's ``type`` URI."""
        return type_uri(self.name)

    def problem(
        self, detail: str | None = None, *, headers: dict[str, str] | None = None, **ext: Any
    ) -> Problem:
        """The error answer of this type."""
        return Problem(
            self.status, self.title, type_=self.name, detail=detail, headers=headers, **ext
        )


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
        self.type = type_uri(type_ or _STATUS_TYPES.get(status, "error"))
        self.headers, self.extensions = headers or {}, extensions


def instance_of(path: str | None) -> str | None:
    """The request path as a URI reference (the decoded path may hold any character)."""
    return quote(path, safe="/") if path else None


def problem_response(problem: Problem, path: str | None = None) -> JSONResponse:
    """Render a Problem; ``path`` (the request's, decoded) becomes its ``instance``."""
    body: dict[str, Any] = {
        "type": problem.type,
        "title": problem.title,
        "status": problem.status,
        **problem.extensions,
    }
    if problem.detail:
        body["detail"] = problem.detail
    if instance := instance_of(path):
        body["instance"] = instance
    return JSONResponse(
        body, status_code=problem.status, headers=problem.headers, media_type=PROBLEM_JSON
    )


# The problems servicekit itself answers; services add their domain's own.
UNAUTHENTICATED = ProblemType(
    401,
    "unauthenticated",
    "Authentication required",
    {"WWW-Authenticate": "The Bearer challenge"},
)
FORBIDDEN = ProblemType(403, "forbidden", "Forbidden")
NOT_FOUND = ProblemType(404, "not-found", "Not found")
METHOD_NOT_ALLOWED = ProblemType(
    405, "method-not-allowed", "Method not allowed", {"Allow": "The methods of this path"}
)
CONCURRENCY = ProblemType(409, "concurrency", "Concurrent modification")
PRECONDITION_FAILED = ProblemType(412, "precondition-failed", "Precondition failed")
TOO_LARGE = ProblemType(413, "payload-too-large", "Request body too large")
MALFORMED_BODY = ProblemType(400, "malformed-body", "Malformed request body")
VALIDATION = ProblemType(422, "validation-error", "Request validation failed")
MALFORMED_IF_MATCH = ProblemType(400, "if-match", "Malformed If-Match")
MALFORMED_TOKEN = ProblemType(400, "consistency-token", "Malformed Consistency-Token")
INVALID_CURSOR = ProblemType(400, "invalid-cursor", "Invalid cursor")
NOT_YET_CONSISTENT = ProblemType(
    503,
    "not-yet-consistent",
    "Read model not yet consistent",
    {"Retry-After": "Seconds to wait before asking again"},
)
STORAGE_UNAVAILABLE = ProblemType(
    503,
    "storage-unavailable",
    "Storage unavailable",
    {"Retry-After": "Seconds to wait before trying again"},
)
INTERNAL = ProblemType(500, "internal", "Internal error")
