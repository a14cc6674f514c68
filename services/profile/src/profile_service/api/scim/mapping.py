"""SCIM User <-> profile fields.

A PUT replaces the HR-owned fields (absent ones are cleared). Employee-owned
fields SCIM can carry (phone, photo, locale, timezone) are set when sent and
left alone when absent, so provisioning never wipes what employees wrote.
Multi-valued attributes hold one value here: a second one is refused (``User``),
never dropped. ``resource`` renders the other direction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from profile_service.api.models import ProfileInput
from profile_service.api.scim import codes
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.schema import Manager, User
from profile_service.domain import values
from profile_service.domain.fields import HR_FIELDS

SCIM_MANAGED = HR_FIELDS  # replaced as a whole by PUT
MAX_USER_NAME = 254
_Item = TypeVar("_Item", bound=BaseModel)


def profile_from_user(user: User) -> dict[str, Any]:
    """The validated profile fields a SCIM User carries."""
    enterprise, address = user.enterprise, single(user.addresses)
    manager = enterprise.manager if enterprise else None
    raw = {
        "user_name": user.user_name,
        "external_id": user.external_id,
        "given_name": user.name.given_name if user.name else None,
        "family_name": user.name.family_name if user.name else None,
        "display_name": user.display_name,
        "job_title": user.title,
        "email": _value(user.emails) or _as_email(user.user_name),
        "employee_number": enterprise.employee_number if enterprise else None,
        "department": enterprise.department if enterprise else None,
        "organization": enterprise.organization if enterprise else None,
        "manager_id": manager_id(manager) if manager else None,
        "location": address.locality if address else None,
        "country": address.country if address else None,
        "phone": _value(user.phone_numbers),
        "photo_url": _value(user.photos),
        "locale": user.locale,
        "timezone": user.timezone,
    }
    return validated({k: v for k, v in raw.items() if v is not None})


def validated(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise profile fields (``None`` kept: it clears); 400 invalidValue."""
    rest = dict(fields)
    user_name = rest.pop("user_name", ...)
    try:
        checked = ProfileInput.model_validate(rest).sent()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ScimError(codes.INVALID, problems) from None
    if user_name is not ...:
        checked["user_name"] = None if user_name is None else _user_name(user_name)
    return checked


def _user_name(value: str) -> str:
    """Any login name (RFC 7643 puts no format on it): not blank, at most 254 characters."""
    name = value.strip()
    if not name or len(name) > MAX_USER_NAME:
        raise ScimError(codes.INVALID, f"userName must have 1-{MAX_USER_NAME} characters")
    return name


def single(items: Sequence[_Item]) -> _Item | None:
    """The value of a multi-valued attribute (at most one: ``User`` checks); empty ones skipped."""
    return next((item for item in items if item.model_dump(exclude_none=True)), None)


def _value(items: Sequence[Any]) -> str | None:
    item = single(items)
    return item.value if item else None


def manager_id(manager: Manager) -> str | None:
    """The manager's id from ``value`` and/or ``$ref`` (which must agree)."""
    from_ref = None
    if manager.ref is not None:
        head, _, from_ref = manager.ref.rstrip("/").rpartition("/")
        if not head.endswith("/Users") or not from_ref:
            raise ScimError(codes.INVALID, "manager.$ref must be the URI of a User")
    if manager.value and from_ref and manager.value != from_ref:
        raise ScimError(
            codes.REFERENCES_DISAGREE, "manager.value and manager.$ref name different users"
        )
    return manager.value or from_ref


def _as_email(user_name: str) -> str | None:
    """A userName that is an e-mail address is the e-mail when none is sent."""
    try:
        return values.email(user_name)
    except ValueError:
        return None
