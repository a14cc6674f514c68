"""SCIM 2.0 URNs and the request bodies as received (RFC 7643 §4.1, §4.3; RFC 7644 §3.4.3, §3.5.2).

Attributes the service does not publish in ``/Schemas`` are ignored on input
(``extra="ignore"``): they are never stored and never answered.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_JSON = "application/scim+json"


def scim_bool(value: Any) -> Any:
    """Booleans as some identity providers send them: ``"True"`` / ``"false"``."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


ScimBool = Annotated[bool, BeforeValidator(scim_bool)]
NOT_BLANK = r"\S"  # unanchored: at least one character that is not white space


def _text(max_length: int) -> Any:
    return Field(default=None, min_length=1, max_length=max_length, pattern=NOT_BLANK)


def _one_value() -> Any:
    return Field(default_factory=list, max_length=1, description="This service keeps one value")


class _Scim(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel, populate_by_name=True)


class Name(_Scim):
    """``name``: the service keeps the given and the family name."""

    given_name: str | None = _text(100)
    family_name: str | None = _text(100)


class MultiValue(_Scim):
    """An entry of ``emails``, ``phoneNumbers``, ``photos``: the service keeps its ``value``."""

    value: str | None = Field(default=None, max_length=2000)


class Address(_Scim):
    """An entry of ``addresses``: the service keeps ``locality`` and ``country``."""

    locality: str | None = _text(200)
    country: str | None = Field(default=None, max_length=2)


class Manager(_Scim):
    """The enterprise ``manager``: ``value`` is the manager's id, ``$ref`` their URI."""

    value: str | None = Field(default=None, max_length=64)
    ref: str | None = Field(default=None, alias="$ref", max_length=2000)


class Enterprise(_Scim):
    """The enterprise extension (RFC 7643 §4.3)."""

    employee_number: str | None = _text(64)
    department: str | None = _text(200)
    organization: str | None = _text(200)
    manager: Manager | None = None


class User(_Scim):
    """A User resource in a POST or PUT body (``id`` and ``meta`` are read-only: ignored)."""

    schemas: list[str] = Field(default_factory=list, max_length=10)
    user_name: str = Field(min_length=1, max_length=254, pattern=NOT_BLANK)
    external_id: str | None = _text(128)
    name: Name | None = None
    display_name: str | None = _text(200)
    title: str | None = _text(200)
    locale: str | None = Field(default=None, max_length=35)
    timezone: str | None = Field(default=None, max_length=64)
    active: ScimBool | None = None
    emails: list[MultiValue] = _one_value()
    phone_numbers: list[MultiValue] = _one_value()
    photos: list[MultiValue] = _one_value()
    addresses: list[Address] = _one_value()
    enterprise: Enterprise | None = Field(default=None, alias=ENTERPRISE_USER)


OPS = "^(?:[Aa][Dd][Dd]|[Rr][Ee][Mm][Oo][Vv][Ee]|[Rr][Ee][Pp][Ll][Aa][Cc][Ee])$"


class PatchOperation(_Scim):
    """One PATCH operation (RFC 7644 §3.5.2); ``op`` is case-insensitive."""

    op: str = Field(pattern=OPS, description="add, remove or replace (any case)")
    path: str | None = Field(default=None, max_length=300)
    value: Any = None


class PatchRequest(_Scim):
    """A PatchOp message."""

    schemas: list[str] = Field(default_factory=lambda: [PATCH_OP], max_length=5)
    operations: list[PatchOperation] = Field(alias="Operations", min_length=1, max_length=100)


class SearchRequest(_Scim):
    """A query sent as ``POST /.search`` (RFC 7644 §3.4.3); sorting is not supported."""

    schemas: list[str] = Field(default_factory=lambda: [SEARCH_REQUEST], max_length=5)
    attributes: list[str] = Field(default_factory=list, max_length=50)
    excluded_attributes: list[str] = Field(default_factory=list, max_length=50)
    filter: str | None = Field(default=None, max_length=300)
    start_index: int = 1
    count: int | None = None
