"""SCIM PATCH (RFC 7644 §3.5.2) turned into profile changes and an ``active`` flag.

Paths name the attributes ``/Schemas`` publishes (``userName``, ``name.givenName``,
``emails[type eq "work"].value``, the enterprise extension's ``department`` or
``manager``, ``active``, ...), with or without their schema URN; operations
without a path carry an object of such attributes (as Azure AD sends). Value
filters are not evaluated: each multi-valued attribute holds one value here.
Paths of attributes the service does not keep are ignored, as on POST and PUT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from profile_service.api.scim import codes
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.mapping import manager_id
from profile_service.api.scim.paths import attribute_path, normalise_path
from profile_service.api.scim.schema import (
    Manager,
    PatchOperation,
    scim_bool,
)

_FIELDS = {
    "username": "user_name",
    "externalid": "external_id",
    "displayname": "display_name",
    "title": "job_title",
    "name.givenname": "given_name",
    "name.familyname": "family_name",
    "locale": "locale",
    "timezone": "timezone",
    "emails": "email",
    "emails.value": "email",
    "phonenumbers": "phone",
    "phonenumbers.value": "phone",
    "photos": "photo_url",
    "photos.value": "photo_url",
    "addresses.locality": "location",
    "addresses.country": "country",
    "enterprise.employeenumber": "employee_number",
    "enterprise.department": "department",
    "enterprise.organization": "organization",
    "enterprise.manager.value": "manager_id",
    "enterprise.manager.$ref": "manager_id",
}
# An "add" of a whole multi-valued attribute appends a value (RFC 7644 §3.5.2.1).
_MULTI_VALUED: dict[str, tuple[str, ...]] = {
    "emails": ("email",),
    "phonenumbers": ("phone",),
    "photos": ("photo_url",),
    "addresses": ("location", "country"),
}
_COMPLEX = ("name", "enterprise", "enterprise.manager", "addresses", "")


@dataclass
class PatchChanges:
    """What a PATCH changes: profile fields (``None`` clears), activity, fields added to."""

    changes: dict[str, Any] = field(default_factory=dict)
    active: bool | None = None
    appended: set[str] = field(default_factory=set)


def patch_changes(operations: Sequence[PatchOperation]) -> PatchChanges:
    """Translate PATCH operations, in order; 400 for bad paths or values."""
    result = PatchChanges()
    for operation in operations:
        op = operation.op.lower()  # add, remove or replace: PatchOperation checks
        if operation.path is None:
            if op == "remove" or not isinstance(operation.value, dict):
                raise ScimError(codes.NO_TARGET, "an operation without path needs an object value")
            named = ((attribute_path(k), v) for k, v in operation.value.items())
            targets = [(path, v) for path, v in named if path is not None]
        else:
            value = None if op == "remove" else operation.value
            targets = [(normalise_path(operation.path), value)]
        for path, value in targets:
            if op == "add" and path in _MULTI_VALUED:
                result.appended.update(_MULTI_VALUED[path])
            _apply(result, path, value)
    return result


def _apply(result: PatchChanges, path: str, value: Any) -> None:
    if path == "active":
        if value is None:
            raise ScimError(
                codes.INVALID, "active is required: replace it with false to deactivate"
            )
        active = scim_bool(value)
        if not isinstance(active, bool):
            raise ScimError(codes.INVALID, "active must be true or false")
        result.active = active
    elif path in _COMPLEX:
        _apply_complex(result, path, value)
    elif path == "enterprise.manager.$ref" and value is not None:
        result.changes["manager_id"] = manager_id(Manager(ref=_simple(value, path)))
    elif path in _FIELDS:
        result.changes[_FIELDS[path]] = _simple(value, path)
    # any other path names an attribute the service does not keep: ignored


def _apply_complex(result: PatchChanges, path: str, value: Any) -> None:
    # addresses is multi-valued (one value kept); the others are singular: never a list
    entry = _one(value, path) if path in _MULTI_VALUED else value
    if entry is None:  # remove "name" / the extension / ...: clear what it holds
        result.changes.update({f: None for k, f in _FIELDS.items() if k.startswith(f"{path}.")})
    elif path == "enterprise.manager":
        manager = Manager(value=entry) if isinstance(entry, str) else _manager(entry)
        result.changes["manager_id"] = manager_id(manager)
    elif isinstance(entry, dict):
        for attribute, inner in entry.items():
            inner_path = attribute_path(f"{path}.{attribute}" if path else attribute)
            if inner_path is not None:
                _apply(result, inner_path, inner)
    else:
        raise ScimError(codes.INVALID, f"{path or 'value'} must be an object")


def _manager(entry: Any) -> Manager:
    if not isinstance(entry, dict):
        raise ScimError(codes.INVALID, "manager must be an object")
    try:
        return Manager.model_validate(entry)
    except ValidationError:
        raise ScimError(codes.INVALID, "manager: invalid value or $ref") from None


def _one(value: Any, path: str) -> Any:
    """The one entry of a multi-valued value (a list of more is refused)."""
    if not isinstance(value, list):
        return value
    entries = [v for v in value if v not in (None, {})]
    if len(entries) > 1:
        raise ScimError(codes.INVALID, f"{path}: this service keeps one value, not {len(entries)}")
    return entries[0] if entries else None


def _simple(value: Any, path: str) -> Any:
    """A simple value, or the ``value`` of a multi-valued or complex one."""
    value = _one(value, path)
    if isinstance(value, dict):
        value = value.get("value")
    if value is not None and not isinstance(value, str):
        raise ScimError(codes.INVALID, f"{path} must be a string")
    return value
