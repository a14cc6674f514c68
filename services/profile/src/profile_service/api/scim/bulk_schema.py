"""SCIM 2.0 Bulk messages (RFC 7644 §3.7): the request as received, the response as documented.

An operation's ``data`` is checked as the single request it stands for (a User for
POST and PUT, a PatchOp for PATCH) when it runs, so a bad one is that operation's
error, not the request's. The number of operations is checked against
``maxOperations`` by the route (413, RFC 7644 §3.7.4), not by the schema (400).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from servicekit.http.fields import BLANK

from profile_service.api.scim.grammar import any_case
from profile_service.api.scim.urns import BULK_REQUEST

METHODS = ("POST", "PUT", "PATCH", "DELETE")
BULK_ID = f"^[^/{BLANK}]+$"  # it may stand in a path: /Users/bulkId:<bulkId>


class _Scim(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel, populate_by_name=True)


class BulkOperation(_Scim):
    """One operation: a method, a path below ``/scim/v2`` and the data of that request."""

    method: str = Field(pattern=f"^(?:{'|'.join(any_case(m) for m in METHODS)})$")
    bulk_id: str | None = Field(default=None, max_length=100, pattern=BULK_ID)
    version: str | None = Field(default=None, max_length=200, description="If-Match of the op")
    path: str = Field(max_length=300, description="/Users, or /Users/<id or bulkId:<bulkId>>")
    data: dict[str, Any] | None = Field(
        default=None, description="The body of the single POST, PUT or PATCH"
    )


class BulkRequest(_Scim):
    """A BulkRequest message; ``failOnErrors``: stop after that many failed operations."""

    schemas: list[str] = Field(default_factory=lambda: [BULK_REQUEST], max_length=5)
    fail_on_errors: int | None = Field(default=None, ge=1)
    operations: list[BulkOperation] = Field(alias="Operations", min_length=1)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class BulkResult(_Open):
    """What became of one operation; ``response`` is the SCIM error of a failed one."""

    method: str
    bulkId: str | None = None
    location: str | None = None
    version: str | None = None
    status: str = Field(pattern="^[1-5][0-9][0-9]$")
    response: dict[str, Any] | None = None


class BulkResponse(_Open):
    """A BulkResponse message: the operations performed, in the order of the request."""

    schemas: list[str]
    Operations: list[BulkResult]
