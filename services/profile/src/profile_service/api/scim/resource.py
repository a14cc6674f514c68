"""The SCIM representation of an employee (RFC 7643 §4.1, §4.3).

Only what ``/Schemas`` publishes is answered; ``meta.location`` and
``manager.$ref`` are absolute URIs (RFC 7643 §2.3.7); times in milliseconds, as
MongoDB keeps them, so a write answers the same ``meta`` as a later read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from profile_service.api.scim.urns import CORE_USER, ENTERPRISE_USER


def scim_user(
    employee_id: str,
    profile: Mapping[str, Any],
    *,
    active: bool,
    version: int,
    created: datetime | None,
    modified: datetime | None,
    base: str,
) -> dict[str, Any]:
    """The SCIM representation of an employee (``base``: absolute URL of ``/scim/v2``)."""
    p = profile.get
    enterprise = _enterprise(profile, base)
    resource: dict[str, Any] = {
        "schemas": [CORE_USER, ENTERPRISE_USER] if enterprise else [CORE_USER],
        "id": employee_id,
        "externalId": p("external_id"),
        "userName": p("user_name"),
        "name": _drop_none({"givenName": p("given_name"), "familyName": p("family_name")}),
        "displayName": p("display_name"),
        "title": p("job_title"),
        "emails": _values(p("email")),
        "phoneNumbers": _values(p("phone")),
        "photos": _values(p("photo_url")),
        "addresses": _address(p("location"), p("country")),
        "locale": p("locale"),
        "timezone": p("timezone"),
        "active": active,
        ENTERPRISE_USER: enterprise,
        "meta": _meta(f"{base}/Users/{employee_id}", version, created, modified),
    }
    return _drop_none(resource)


def _values(value: str | None) -> list[dict[str, Any]] | None:
    return None if value is None else [{"value": value}]


def _address(locality: str | None, country: str | None) -> list[dict[str, Any]] | None:
    if locality is None and country is None:
        return None
    return [_drop_none({"locality": locality, "country": country})]


def _enterprise(profile: Mapping[str, Any], base: str) -> dict[str, Any]:
    manager = profile.get("manager_id")
    return _drop_none(
        {
            "employeeNumber": profile.get("employee_number"),
            "department": profile.get("department"),
            "organization": profile.get("organization"),
            "manager": {"value": manager, "$ref": f"{base}/Users/{manager}"} if manager else None,
        }
    )


def _meta(
    location: str, version: int, created: datetime | None, modified: datetime | None
) -> dict[str, Any]:
    return _drop_none(
        {
            "resourceType": "User",
            "created": _timestamp(created),
            "lastModified": _timestamp(modified),
            "location": location,
            "version": f'W/"{version}"',
        }
    )


def _timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 in milliseconds: what MongoDB keeps, so a write answers what a read will."""
    if moment is None:
        return None
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000).isoformat()


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != {}}
