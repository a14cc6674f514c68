"""SCIM 2.0 request bodies as received (RFC 7643 §4.1, §4.3; RFC 7644 §3.4.3, §3.5.2).

Attributes the service does not publish in ``/Schemas`` are ignored on input
(``extra="ignore"``): they are never stored and never answered. The values use the
field types of the /v1 bodies, so the OpenAPI schema admits what the service keeps.
"""

from __future__ import annotations

from typing import Annotated, Any

from collab_events.ids import ID_PATTERN
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema
from pydantic.alias_generators import to_camel
from pydantic.config import JsonDict
from servicekit.http.fields import BLANK, NOT_BLANK

from profile_service.api.fields import (
    Country,
    Email,
    EmployeeRef,
    LanguageTag,
    Phone,
    PhotoUrl,
    Text64,
    Text100,
    Text128,
    Text200,
    TimeZone,
)

# FILTER_DOC and the URNs are imported from here as well (by the Users routes and tests).
from profile_service.api.scim.grammar import FILTER_DOC as FILTER_DOC
from profile_service.api.scim.grammar import OPS, PATCH_TARGETS, PATH
from profile_service.api.scim.urns import CORE_USER as CORE_USER
from profile_service.api.scim.urns import ENTERPRISE_USER as ENTERPRISE_USER
from profile_service.api.scim.urns import PATCH_OP, SEARCH_REQUEST


def scim_bool(value: Any) -> Any:
    """Booleans as some identity providers send them: ``"True"`` / ``"false"``."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


_WORDS = f"^[{BLANK}]*(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])[{BLANK}]*$"
_BOOL_DOC: JsonDict = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _WORDS}]}
# true / false, also as the strings some identity providers send; never 0 or 1.
ScimBool = Annotated[
    bool, BeforeValidator(scim_bool), Strict(), WithJsonSchema(_BOOL_DOC, mode="validation")
]
# The $ref of a User of this service: an absolute or relative URI ending in /Users/<id>.
USER_REF = f"^[^{BLANK}]*/Users/{ID_PATTERN[1:-1]}/?$"
UserName = Annotated[str, Field(min_length=1, max_length=254, pattern=NOT_BLANK)]


def _one_value() -> Any:
    return Field(default_factory=list, max_length=1, description="This service keeps one value")


class _Scim(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel, populate_by_name=True)


class Name(_Scim):
    """``name``: the service keeps the given and the family name."""

    given_name: Text100 | None = None
    family_name: Text100 | None = None


class EmailValue(_Scim):
    """An entry of ``emails``: the service keeps its ``value``."""

    value: Email | None = None


class PhoneValue(_Scim):
    """An entry of ``phoneNumbers``: the service keeps its ``value``."""

    value: Phone | None = None


class PhotoValue(_Scim):
    """An entry of ``photos``: the service keeps its ``value`` (an https URL)."""

    value: PhotoUrl | None = None


class Address(_Scim):
    """An entry of ``addresses``: the service keeps ``locality`` and ``country``."""

    locality: Text200 | None = None
    country: Country | None = None


class Manager(_Scim):
    """The enterprise ``manager``: ``value`` is the manager's id, ``$ref`` their URI."""

    value: EmployeeRef | None = None
    ref: str | None = Field(default=None, alias="$ref", max_length=2000, pattern=USER_REF)


class Enterprise(_Scim):
    """The enterprise extension (RFC 7643 §4.3)."""

    employee_number: Text64 | None = None
    department: Text200 | None = None
    organization: Text200 | None = None
    manager: Manager | None = None


class User(_Scim):
    """A User resource in a POST or PUT body (``id`` and ``meta`` are read-only: ignored)."""

    schemas: list[str] = Field(default_factory=list, max_length=10)
    user_name: UserName
    external_id: Text128 | None = None
    name: Name | None = None
    display_name: Text200 | None = None
    title: Text200 | None = None
    locale: LanguageTag | None = None
    timezone: TimeZone | None = None
    active: ScimBool | None = None
    emails: list[EmailValue] = _one_value()
    phone_numbers: list[PhoneValue] = _one_value()
    photos: list[PhotoValue] = _one_value()
    addresses: list[Address] = _one_value()
    enterprise: Enterprise | None = Field(default=None, alias=ENTERPRISE_USER)


class PatchOperation(_Scim):
    """One PATCH operation (RFC 7644 §3.5.2); ``op`` is case-insensitive."""

    model_config = ConfigDict(json_schema_extra=PATCH_TARGETS)

    op: str = Field(pattern=OPS, description="add, remove or replace (any case)")
    # documented, not validated here: a path in no attribute notation is invalidPath (patch)
    path: str | None = Field(default=None, max_length=300, json_schema_extra={"pattern": PATH})
    value: Any = None


class PatchRequest(_Scim):
    """A PatchOp message."""

    schemas: list[str] = Field(default_factory=lambda: [PATCH_OP], max_length=5)
    operations: list[PatchOperation] = Field(alias="Operations", min_length=1, max_length=100)


class SearchRequest(_Scim):
    """A query sent as ``POST /.search`` (RFC 7644 §3.4.3); sorting is not supported."""

    model_config = ConfigDict(strict=True)  # its schema is what it accepts

    schemas: list[str] = Field(default_factory=lambda: [SEARCH_REQUEST], max_length=5)
    attributes: list[str] = Field(default_factory=list, max_length=50)
    excluded_attributes: list[str] = Field(default_factory=list, max_length=50)
    filter: str | None = Field(default=None, max_length=300, json_schema_extra=FILTER_DOC)
    start_index: int = 1
    count: int | None = None
