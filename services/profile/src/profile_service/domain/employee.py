"""The employee aggregate (stream ``employee:<id>``): state, evolve, decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from collab_events import Event
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
    ProfileFields,
)

from profile_service.domain.errors import (
    EmployeeAlreadyRegistered,
    EmployeeNotFound,
    FieldNotEditable,
    FieldRequired,
)
from profile_service.domain.fields import ALL_FIELDS, REQUIRED_FIELDS, Profile, set_fields


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
        """The userName (e-mail style login)."""
        return self.profile.get("user_name")

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


def fold_events(state: Employee, events: Sequence[Event]) -> Employee:
    """The state after ``events``."""
    for event in events:
        state = evolve(state, event)
    return state


def decide_register(state: Employee, *, profile: Profile, active: bool = True) -> list[Event]:
    """Register a new employee (optionally pre-provisioned as inactive)."""
    employee_id = state.employee_id
    if state.registered:
        raise EmployeeAlreadyRegistered(employee_id)
    for name in REQUIRED_FIELDS:
        if not profile.get(name):
            raise FieldRequired(name)
    events: list[Event] = [
        EmployeeRegistered(employee_id=employee_id, profile=ProfileFields(**profile))
    ]
    if not active:
        events.append(EmployeeDeactivated(employee_id=employee_id))
    return events


def decide_update(
    state: Employee, *, changes: Profile, editable: frozenset[str] = ALL_FIELDS
) -> list[Event]:
    """Change fields (``None`` clears one); only what really changes becomes the event."""
    employee_id = _existing(state)
    if forbidden := set(changes) - editable:
        raise FieldNotEditable(forbidden)
    changed = {k: v for k, v in changes.items() if v is not None and state.profile.get(k) != v}
    cleared = sorted(k for k, v in changes.items() if v is None and k in state.profile)
    if required := REQUIRED_FIELDS.intersection(cleared):
        raise FieldRequired(min(required))
    if not changed and not cleared:
        return []
    update = EmployeeProfileUpdated(
        employee_id=employee_id, changes=ProfileFields(**changed), cleared=cleared
    )
    return [update]


def decide_replace(
    state: Employee, *, profile: Profile, managed: frozenset[str], active: bool | None
) -> list[Event]:
    """Replace the ``managed`` fields (absent ones are cleared), set others that are given."""
    changes = {name: profile.get(name) for name in managed} | dict(profile)
    return decide_update(state, changes=changes) + decide_set_active(state, active)


def decide_set_active(state: Employee, active: bool | None) -> list[Event]:
    """Deactivate or reactivate; nothing when already so (or ``None``)."""
    employee_id = _existing(state)
    if active is None or active == state.active:
        return []
    if active:
        return [EmployeeReactivated(employee_id=employee_id)]
    return [EmployeeDeactivated(employee_id=employee_id)]


def decide_deprovision(state: Employee) -> list[Event]:
    """The identity provider deletes the user: deactivate for good (a second delete: not found)."""
    if not state.exists or state.deprovisioned:
        raise EmployeeNotFound(state.employee_id)
    return [EmployeeDeactivated(employee_id=state.employee_id, deprovisioned=True)]


def decide_erase(state: Employee) -> list[Event]:
    """Erase (GDPR Art. 17); repeating it is a no-op so a failed erasure can be retried."""
    if not state.registered:
        raise EmployeeNotFound(state.employee_id)
    if state.erased:
        return []
    return [EmployeeErased(employee_id=state.employee_id)]


def _existing(state: Employee) -> str:
    if not state.exists:
        raise EmployeeNotFound(state.employee_id)
    return state.employee_id
