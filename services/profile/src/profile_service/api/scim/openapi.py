"""OpenAPI documentation of the SCIM routes: each status they answer, as ``application/scim+json``.

The models describe the answers for the documentation only; the routes build
their bodies as dicts. Partial representations (``attributes``) may leave out
everything but ``id`` and ``schemas``, so nothing else is marked required.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_REASONS = {
    400: "Invalid request (scimType: invalidSyntax, invalidValue, invalidFilter, invalidPath, ...)",
    401: "Missing or invalid bearer token",
    403: "The token lacks the role provisioner",
    404: "No such resource (never provisioned, deleted or erased)",
    409: "userName taken by an active user, or a concurrent change (scimType: uniqueness)",
    412: "If-Match names an older version",
    503: "The directory is catching up with recent writes; see Retry-After",
}


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ScimErrorBody(BaseModel):
    """A SCIM error (RFC 7644 §3.12)."""

    schemas: list[str]
    status: str = Field(description="The HTTP status code, as a string")
    detail: str | None = None
    scimType: str | None = None


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
        documented[error] = {"model": ScimErrorBody, "description": _REASONS[error]}
    return documented
