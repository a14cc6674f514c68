"""Profile fields and who owns them.

HR (via SCIM or the ``hr`` role) owns identity and organisation fields; the
employee owns the rest. ``Profile`` maps field name -> value and only ever holds
set fields: a missing key means "empty".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from collab_events.profile import ProfileFields

Profile = Mapping[str, Any]

ALL_FIELDS = frozenset(ProfileFields.model_fields)
HR_FIELDS = frozenset(
    {
        "user_name",
        "email",
        "external_id",
        "employee_number",
        "given_name",
        "family_name",
        "display_name",
        "job_title",
        "department",
        "organization",
        "country",
        "location",
        "manager_id",
    }
)
SELF_FIELDS = ALL_FIELDS - HR_FIELDS
REQUIRED_FIELDS = frozenset({"user_name"})


def set_fields(fields: ProfileFields) -> dict[str, Any]:
    """The fields of an event payload that carry a value."""
    return {k: v for k, v in fields.model_dump().items() if v is not None}


def display_name(profile: Profile) -> str:
    """The name to show: displayName, else given + family name, else the userName."""
    if name := profile.get("display_name"):
        return str(name)
    parts = [profile.get("given_name"), profile.get("family_name")]
    joined = " ".join(str(p) for p in parts if p)
    return joined or str(profile.get("user_name") or "")


def user_name_key(user_name: str) -> str:
    """userNames compare case-insensitively (RFC 7643: caseExact false)."""
    return user_name.strip().casefold()
