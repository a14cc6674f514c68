"""OpenAPI documentation of the SCIM routes: each status they answer, as ``application/scim+json``.

The models describe the answers for the documentation only; the routes build
their bodies as dicts. Partial representations (``attributes``) may leave out
everything but ``id`` and ``schemas``, so nothing else is marked required. Each error
status lists, as servicekit's problem responses do (``x-problem-types``), the kinds of
error it carries (``codes``): their codes start the ``detail``, and decisions are marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict
from servicekit.http.openapi import DECISION_KEY, PROBLEMS_KEY, header

from profile_service.api.scim import codes
from profile_service.api.scim.codes import ScimErrorType
from profile_service.api.scim.urns import ERROR, SCIM_JSON


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class UserResource(_Open):
    """A User (core schema and enterprise extension); ``/Schemas`` lists every attribute."""

    schemas: list[str]
    id: str


class UserList(_Open):
    """A ListResponse of Users (RFC 7644 §3.4.2)."""

    schemas: list[str]
    totalResults: int
    startIndex: int
    itemsPerPage: int
    Resources: list[UserResource]


class DiscoveryList(_Open):
    """A ListResponse of schemas or resource types."""

    schemas: list[str]
    totalResults: int
    Resources: list[dict[str, Any]]


class DiscoveryResource(_Open):
    """A Schema, ResourceType or ServiceProviderConfig resource (RFC 7643 §5-7)."""

    schemas: list[str]


Responses = dict[int | str, dict[str, Any]]
WRITE = (400, 401, 403, 404, 409, 412)


def answers(status: int, model: type[BaseModel] | None, *errors: int) -> Responses:
    """A route's answers: its success (``model`` None: no body) and SCIM errors."""
    documented: Responses = {status: {"model": model} if model else {}}
    for error in errors:
        documented[error] = error_response(codes.of_status(error))
    return documented


def error_response(kinds: Sequence[ScimErrorType]) -> dict[str, Any]:
    """The SCIM error answer of one status, carrying one of ``kinds``."""
    status = kinds[0].status
    properties: dict[str, Any] = {
        "schemas": {"type": "array", "items": {"type": "string"}, "contains": {"const": ERROR}},
        "status": {"type": "string", "const": str(status), "description": "The HTTP status"},
        "detail": {
            "type": "string",
            "pattern": f"^(?:{'|'.join(k.code for k in kinds)}): ",
            "description": "The kind's code, then a message",
        },
    }
    scim_types = sorted({k.scim_type for k in kinds if k.scim_type})
    if scim_types:
        properties["scimType"] = {"type": "string", "enum": scim_types}
    schema = {"type": "object", "required": ["schemas", "status", "detail"]}
    response: dict[str, Any] = {
        "description": "; ".join(f"`{k.code}`: {k.title}" for k in kinds),
        "content": {SCIM_JSON: {"schema": schema | {"properties": properties}}},
        PROBLEMS_KEY: [_listing(k) for k in kinds],
    }
    headers = {
        # required only when every kind of this status sends it
        name: header(name, description, required=all(name in k.headers for k in kinds))
        for kind in kinds
        for name, description in kind.headers.items()
    }
    return response | ({"headers": headers} if headers else {})


def _listing(kind: ScimErrorType) -> dict[str, Any]:
    item: dict[str, Any] = {"name": kind.code, "title": kind.title}
    if kind.scim_type:
        item["scimType"] = kind.scim_type
    return item | ({DECISION_KEY: True} if kind.decision else {})
