"""The employee aggregate (stream ``employee:<id>``): state and evolve."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from collab_events import Event
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
)
from servicekit.commands import Aggregate, Decision

from profile_service.domain.fields import set_fields

# Where each event type keeps personal data, blanked in stored events by an erasure.
PERSONAL_FIELDS = {
    EmployeeRegistered.type(): "profile",
    EmployeeProfileUpdated.type(): "changes",
}


@dataclass(frozen=True, slots=True)
class Employee:
    """What the stream says about one employee; ``profile`` holds only set fields."""

    employee_id: str
    registered: bool = False
    active: bool = False
    erased: bool = False
    deprovisioned: bool = False  # deleted by the identity provider: no SCIM resource any more
    profile: Mapping[str, Any] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        """Registered and not erased."""
        return self.registered and not self.erased

    @property
    def user_name(self) -> str | None:
        """The userName (login name)."""
        return self.profile.get("user_name")

    @property
    def active_user_name(self) -> str | None:
        """The userName this employee holds against others: only while active."""
        return self.user_name if self.exists and self.active else None

    @property
    def manager_id(self) -> str | None:
        """The direct manager's employee id."""
        return self.profile.get("manager_id")


def subject(employee_id: str) -> str:
    """The stream id of an employee."""
    return f"employee:{employee_id}"


def evolve(state: Employee, event: Event) -> Employee:
    """Apply one event to the state."""
    match event:
        case EmployeeRegistered(profile=profile):
            return replace(state, registered=True, active=True, profile=set_fields(profile))
        case EmployeeProfileUpdated(changes=changes, cleared=cleared):
            kept = {k: v for k, v in state.profile.items() if k not in cleared}
            return replace(state, profile=kept | set_fields(changes))
        case EmployeeDeactivated(deprovisioned=deprovisioned):
            return replace(state, active=False, deprovisioned=state.deprovisioned or deprovisioned)
        case EmployeeReactivated():
            return replace(state, active=True, deprovisioned=False)
        case EmployeeErased():
            return replace(state, active=False, erased=True, profile={})
    return state


def aggregate(employee_id: str) -> Aggregate[Employee]:
    """How to fold the stream of one employee."""
    return Aggregate(initial=lambda: Employee(employee_id), evolve=evolve)


def decided(state: Employee, decision: Decision) -> Employee:
    """The employee once ``decision``'s events on their stream are applied."""
    events = decision.events(subject(state.employee_id))
    return aggregate(state.employee_id).fold(events, state)
