"""Turn directory entries and aggregate states into response models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicekit.auth import Principal

from profile_service.api.deps import is_privileged
from profile_service.api.models import EmployeeSummary, EmployeeView
from profile_service.domain.fields import display_name

HR_ONLY = ("external_id", "employee_number")


def employee_view(
    employee_id: str, profile: Mapping[str, Any], *, active: bool, version: int, viewer: Principal
) -> EmployeeView:
    """A profile as ``viewer`` may see it (HR-only fields for HR, admins and self)."""
    shown = dict(profile) | {"display_name": display_name(profile)}
    if viewer.sub != employee_id and not is_privileged(viewer):
        for name in HR_ONLY:
            shown.pop(name, None)
    return EmployeeView(id=employee_id, active=active, version=version, **shown)


def entry_view(entry: Mapping[str, Any], viewer: Principal) -> EmployeeView:
    """The view of a directory entry."""
    return employee_view(
        entry["_id"],
        entry.get("profile", {}),
        active=entry["active"],
        version=entry["_v"],
        viewer=viewer,
    )


def summary(entry: Mapping[str, Any]) -> EmployeeSummary:
    """The listing line of a directory entry."""
    profile = entry.get("profile", {})
    return EmployeeSummary(
        id=entry["_id"],
        display_name=entry.get("display_name", ""),
        active=entry.get("active", False),
        **{
            k: profile.get(k)
            for k in ("job_title", "department", "country", "location", "photo_url")
        },
    )


def visible(entry: Mapping[str, Any] | None, viewer: Principal) -> bool:
    """Erased entries are gone for everyone; inactive ones only HR, admins and self see."""
    if entry is None or entry.get("erased"):
        return False
    return bool(entry.get("active")) or is_privileged(viewer) or viewer.sub == entry["_id"]
