"""SCIM User <-> profile fields.

A PUT replaces the HR-owned fields (absent ones are cleared). Employee-owned
fields SCIM can carry (phone, photo, locale, timezone) are set when sent and
left alone when absent, so provisioning never wipes what employees wrote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from profile_service.api.models import ProfileInput
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.schema import CORE_USER, ENTERPRISE_USER, Address, MultiValue, User
from profile_service.domain.fields import HR_FIELDS, display_name

SCIM_MANAGED = HR_FIELDS  # replaced as a whole by PUT
_Item = TypeVar("_Item", MultiValue, Address)


def profile_from_user(user: User) -> dict[str, Any]:
    """The validated profile fields a SCIM User carries."""
    enterprise, address = user.enterprise, _primary(user.addresses)
    raw = {
        "user_name": user.user_name,
        "external_id": user.external_id,
        "given_name": user.name.given_name if user.name else None,
        "family_name": user.name.family_name if user.name else None,
        "display_name": user.display_name,
        "job_title": user.title,
        "email": _primary_value(user.emails) or _as_email(user.user_name),
        "employee_number": enterprise.employee_number if enterprise else None,
        "department": enterprise.department if enterprise else None,
        "organization": enterprise.organization if enterprise else None,
        "manager_id": enterprise.manager.value if enterprise and enterprise.manager else None,
        "location": address.locality if address else None,
        "country": address.country if address else None,
        "phone": _primary_value(user.phone_numbers),
        "photo_url": _primary_value(user.photos),
        "locale": user.locale,
        "timezone": user.timezone,
    }
    return validated({k: v for k, v in raw.items() if v is not None})


def validated(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise profile fields (``None`` kept: it clears); 400 invalidValue."""
    try:
        return ProfileInput.model_validate(fields).sent()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ScimError(400, problems, scim_type="invalidValue") from None


def _primary(items: Sequence[_Item]) -> _Item | None:
    return next((i for i in items if i.primary), items[0] if items else None)


def _primary_value(items: Sequence[MultiValue]) -> str | None:
    item = _primary(items)
    return item.value if item else None


def _as_email(user_name: str) -> str | None:
    return user_name if "@" in user_name else None


def scim_user(
    employee_id: str,
    profile: Mapping[str, Any],
    *,
    active: bool,
    version: int,
    created: datetime | None,
    modified: datetime | None,
) -> dict[str, Any]:
    """The SCIM representation of an employee."""
    p = profile.get
    resource: dict[str, Any] = {
        "schemas": [CORE_USER, ENTERPRISE_USER],
        "id": employee_id,
        "externalId": p("external_id"),
        "userName": p("user_name"),
        "name": _drop_none(
            {
                "givenName": p("given_name"),
                "familyName": p("family_name"),
                "formatted": display_name(profile) or None,
            }
        ),
        "displayName": p("display_name"),
        "title": p("job_title"),
        "emails": _values(p("email"), "work", primary=True),
        "phoneNumbers": _values(p("phone"), "work"),
        "photos": _values(p("photo_url"), "photo"),
        "addresses": _address(p("location"), p("country")),
        "locale": p("locale"),
        "timezone": p("timezone"),
        "active": active,
        ENTERPRISE_USER: _enterprise(profile),
        "meta": _meta(employee_id, version, created, modified),
    }
    return _drop_none(resource)


def _values(value: str | None, type_: str, *, primary: bool = False) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    entry: dict[str, Any] = {"value": value, "type": type_}
    return [entry | {"primary": True}] if primary else [entry]


def _address(locality: str | None, country: str | None) -> list[dict[str, Any]] | None:
    if locality is None and country is None:
        return None
    return [_drop_none({"type": "work", "locality": locality, "country": country, "primary": True})]


def _enterprise(profile: Mapping[str, Any]) -> dict[str, Any] | None:
    manager = profile.get("manager_id")
    ext = _drop_none(
        {
            "employeeNumber": profile.get("employee_number"),
            "department": profile.get("department"),
            "organization": profile.get("organization"),
            "manager": {"value": manager, "$ref": f"../Users/{manager}"} if manager else None,
        }
    )
    return ext or None


def _meta(
    employee_id: str, version: int, created: datetime | None, modified: datetime | None
) -> dict[str, Any]:
    return _drop_none(
        {
            "resourceType": "User",
            "created": created.isoformat() if created else None,
            "lastModified": modified.isoformat() if modified else None,
            "location": f"/scim/v2/Users/{employee_id}",
            "version": f'W/"{version}"',
        }
    )


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != {}}
