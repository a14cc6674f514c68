"""SCIM PATCH (RFC 7644 §3.5.2) turned into profile changes and an ``active`` flag.

Supported paths: the attributes this service maps (``userName``, ``name.givenName``,
``emails[type eq "work"].value``, the enterprise extension's ``department`` or
``manager``, ``active``, ...), with or without their schema URN, and operations
without a path whose value is an object of such attributes (as Azure AD sends).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.schema import CORE_USER, ENTERPRISE_USER, PatchOperation, scim_bool

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
    "enterprise.manager": "manager_id",
    "enterprise.manager.value": "manager_id",
}
# Attributes SCIM defines that this service does not keep: accepted and dropped.
_IGNORED = {
    "preferredlanguage",
    "nickname",
    "usertype",
    "profileurl",
    "ims",
    "roles",
    "entitlements",
    "x509certificates",
    "password",
}
_IGNORED_PREFIXES = ("name.", "addresses.", "enterprise.")
_FILTER = re.compile(r"\[[^\]]*\]")


@dataclass
class PatchChanges:
    """What a PATCH request changes: profile fields (``None`` clears) and activity."""

    changes: dict[str, Any] = field(default_factory=dict)
    active: bool | None = None


def patch_changes(operations: Sequence[PatchOperation]) -> PatchChanges:
    """Translate PATCH operations, in order; 400 for unknown ops, paths or values."""
    result = PatchChanges()
    for operation in operations:
        op = operation.op.lower()
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, f"unknown op {operation.op!r}", scim_type="invalidSyntax")
        if operation.path is None:
            if op == "remove" or not isinstance(operation.value, dict):
                raise ScimError(
                    400, "an operation without path needs an object value", scim_type="noTarget"
                )
            for attribute, value in operation.value.items():
                _apply(result, normalise_path(attribute), value)
        else:
            _apply(
                result, normalise_path(operation.path), None if op == "remove" else operation.value
            )
    return result


def normalise_path(path: str) -> str:
    """Lower case, value filters dropped, schema URNs shortened to ``enterprise.``."""
    lowered = _FILTER.sub("", path.strip()).lower()
    for urn, short in ((ENTERPRISE_USER.lower(), "enterprise"), (CORE_USER.lower(), "")):
        if lowered == urn:
            return short
        if lowered.startswith(urn + ":"):
            lowered = f"{short}.{lowered[len(urn) + 1 :]}".lstrip(".")
    return lowered


def _apply(result: PatchChanges, path: str, value: Any) -> None:
    if path == "active":
        active = scim_bool(value)
        if not isinstance(active, bool):
            raise ScimError(400, "active must be true or false", scim_type="invalidValue")
        result.active = active
    elif path in ("name", "enterprise", "") or (path == "addresses" and value is not None):
        _apply_complex(result, path, value)
    elif path == "addresses":  # remove addresses
        result.changes.update(location=None, country=None)
    elif path in _FIELDS:
        result.changes[_FIELDS[path]] = _simple(value, path)
    elif path not in _IGNORED and not path.startswith(_IGNORED_PREFIXES):
        raise ScimError(400, f"unsupported path {path!r}", scim_type="invalidPath")


def _apply_complex(result: PatchChanges, path: str, value: Any) -> None:
    if value is None:  # remove "name" / the extension: clear what it holds
        for key, name in _FIELDS.items():
            if key.startswith(f"{path}."):
                result.changes[name] = None
        return
    items = value if isinstance(value, list) else [value]
    entry = next(
        (i for i in items if isinstance(i, dict) and i.get("primary")), items[0] if items else None
    )
    if not isinstance(entry, dict):
        raise ScimError(400, f"{path or 'value'} must be an object", scim_type="invalidValue")
    for attribute, inner in entry.items():
        if attribute.lower() in ("type", "primary"):
            continue
        _apply(result, normalise_path(f"{path}.{attribute}" if path else attribute), inner)


def _simple(value: Any, path: str) -> Any:
    """A multi-valued or complex value reduced to its (primary) ``value``."""
    if isinstance(value, list):
        primary = next((v for v in value if isinstance(v, dict) and v.get("primary")), None)
        value = primary or (value[0] if value else None)
    if isinstance(value, dict):
        value = value.get("value")
    if value is not None and not isinstance(value, str):
        raise ScimError(400, f"{path} must be a string", scim_type="invalidValue")
    return value
