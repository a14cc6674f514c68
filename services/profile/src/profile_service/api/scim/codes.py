"""The kinds of SCIM error the service answers: status, scimType, a stable code, a title.

RFC 7644 §3.12 fixes the error body (``schemas``, ``status``, ``scimType``, ``detail``)
and Table 9 the ``scimType`` keywords, and SCIM clients (scim2-client among them) refuse
an error with any other member. So the stable code, named like the /v1 problem types,
starts the ``detail``: ``"manager-not-found: manager 'x' not found"``. A kind marked
``decision`` refuses for the stored state or for a rule across attributes, which no
request schema can state; every other 400 says the request broke its documented schema.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class ScimErrorType:
    """One kind of SCIM error answer; ``headers`` are those it always carries (documented)."""

    status: int
    code: str
    title: str
    scim_type: str | None = None
    decision: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)  # header name -> description

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):  # the code is read back from the detail's start
            raise ValueError(f"a code is lower-case words joined by '-': {self.code!r}")


def _decision(code: str, title: str, scim_type: str = "invalidValue") -> ScimErrorType:
    return ScimErrorType(400, code, title, scim_type, decision=True)


MALFORMED = ScimErrorType(400, "malformed-body", "The body is not JSON text", "invalidSyntax")
INVALID = ScimErrorType(400, "validation-error", "A value the schema refuses", "invalidValue")
INVALID_FILTER = ScimErrorType(
    400, "invalid-filter", 'Filters: id, userName or externalId eq "value"', "invalidFilter"
)
INVALID_PATH = ScimErrorType(
    400, "invalid-path", "A PATCH path in no attribute notation", "invalidPath"
)
NO_TARGET = ScimErrorType(
    400, "no-target", "A PATCH operation without path: add or replace an object", "noTarget"
)
MALFORMED_IF_MATCH = ScimErrorType(400, "if-match", "Malformed If-Match")
MALFORMED_TOKEN = ScimErrorType(400, "consistency-token", "Malformed Consistency-Token")
MANAGER_NOT_FOUND = _decision("manager-not-found", "The manager is no user of this service")
MANAGER_CYCLE = _decision("manager-cycle", "The manager chain would loop")
REFERENCES_DISAGREE = _decision(
    "manager-references-disagree", "manager.value and manager.$ref name different users"
)
VALUE_HELD = _decision("value-already-held", "An add to an attribute holding another value")
FIELD_REQUIRED = _decision("field-required", "A required attribute would be cleared")
FIELD_NOT_EDITABLE = _decision("field-not-editable", "Not editable over SCIM", "mutability")
UNAUTHENTICATED = ScimErrorType(
    401,
    "unauthenticated",
    "Missing or invalid bearer token",
    headers={"WWW-Authenticate": "The Bearer challenge"},
)
FORBIDDEN = ScimErrorType(403, "forbidden", "The token lacks the role provisioner")
NOT_FOUND = ScimErrorType(404, "not-found", "No such resource or endpoint")
EMPLOYEE_NOT_FOUND = ScimErrorType(
    404, "employee-not-found", "No such user (never provisioned, deleted or erased)"
)
METHOD_NOT_ALLOWED = ScimErrorType(
    405, "method-not-allowed", "Method not allowed", headers={"Allow": "The methods of this path"}
)
USER_NAME_TAKEN = ScimErrorType(
    409, "user-name-taken", "userName taken by an active user", "uniqueness"
)
EMPLOYEE_EXISTS = ScimErrorType(409, "employee-exists", "The id is taken", "uniqueness")
CONCURRENCY = ScimErrorType(409, "concurrency", "A concurrent change; retry")
PRECONDITION_FAILED = ScimErrorType(412, "precondition-failed", "If-Match names another version")
TOO_LARGE = ScimErrorType(413, "payload-too-large", "The body exceeds the size limit")
NOT_YET_CONSISTENT = ScimErrorType(
    503,
    "not-yet-consistent",
    "The directory is catching up with recent writes",
    headers={"Retry-After": "Seconds to wait before asking again"},
)

ALL = (
    MALFORMED,
    INVALID,
    INVALID_FILTER,
    INVALID_PATH,
    NO_TARGET,
    MALFORMED_IF_MATCH,
    MALFORMED_TOKEN,
    MANAGER_NOT_FOUND,
    MANAGER_CYCLE,
    REFERENCES_DISAGREE,
    VALUE_HELD,
    FIELD_REQUIRED,
    FIELD_NOT_EDITABLE,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    EMPLOYEE_NOT_FOUND,
    METHOD_NOT_ALLOWED,
    USER_NAME_TAKEN,
    EMPLOYEE_EXISTS,
    CONCURRENCY,
    PRECONDITION_FAILED,
    TOO_LARGE,
    NOT_YET_CONSISTENT,
)
BY_CODE = {kind.code: kind for kind in ALL}
# Answered by ``/Bulk`` alone (its 413, and inside its response, an operation's error).
TOO_MANY_OPERATIONS = ScimErrorType(
    413, "too-many-operations", "The bulk request has more operations than maxOperations"
)
BULK_ID_REPEATED = _decision("bulk-id-repeated", "Another POST of the request has this bulkId")
BULK_ID_UNRESOLVED = _decision(
    "bulk-id-unresolved", "A bulkId no POST of the request declares or created"
)
BULK_ID_CYCLE = ScimErrorType(409, "bulk-id-cycle", "The operations' bulkId references loop")
BULK_DATA_MISSING = ScimErrorType(
    400, "data-required", "A POST, PUT or PATCH operation without data", "invalidSyntax"
)
# What an HTTP error of FastAPI or Starlette (no code of its own) is, by status.
BY_STATUS = {
    400: MALFORMED,  # FastAPI: a body it cannot read as text
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    409: CONCURRENCY,
    412: PRECONDITION_FAILED,
    413: TOO_LARGE,
    503: NOT_YET_CONSISTENT,
}


def of_status(status: int) -> list[ScimErrorType]:
    """The kinds answered with ``status``."""
    return [kind for kind in ALL if kind.status == status]
