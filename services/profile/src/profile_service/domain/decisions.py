"""Employee decisions: pure ``decide_x(command, state) -> Decision``, one per command."""

from __future__ import annotations

from collab_events import Event
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
    ProfileFields,
)
from servicekit.commands import NO_CHANGE, Decision

from profile_service.domain.commands import (
    DeprovisionEmployee,
    EditOwnProfile,
    EraseEmployee,
    PatchProvisionedProfile,
    RegisterEmployee,
    ReplaceProvisionedProfile,
    UpdateProfile,
)
from profile_service.domain.employee import Employee, subject
from profile_service.domain.errors import (
    EmployeeAlreadyRegistered,
    EmployeeNotFound,
    FieldNotEditable,
    FieldRequired,
    ValueAlreadyHeld,
)
from profile_service.domain.fields import ALL_FIELDS, REQUIRED_FIELDS, SELF_FIELDS, Profile


def decide_register(command: RegisterEmployee, state: Employee) -> Decision:
    """Register a new employee (optionally pre-provisioned as inactive)."""
    employee_id = command.employee_id
    if state.registered:
        raise EmployeeAlreadyRegistered(employee_id)
    for name in REQUIRED_FIELDS:
        if not command.profile.get(name):
            raise FieldRequired(name)
    events: list[Event] = [
        EmployeeRegistered(employee_id=employee_id, profile=ProfileFields(**command.profile))
    ]
    if not command.active:
        events.append(EmployeeDeactivated(employee_id=employee_id))
    return Decision.of(subject(employee_id), *events)


def decide_update_profile(command: UpdateProfile, state: Employee) -> Decision:
    """HR changes fields; only what really changes becomes the event."""
    return Decision.of(subject(command.employee_id), *_update(state, command.changes))


def decide_edit_own_profile(command: EditOwnProfile, state: Employee) -> Decision:
    """An employee changes their own fields; an HR-owned one is refused."""
    events = _update(state, command.changes, editable=SELF_FIELDS)
    return Decision.of(subject(command.employee_id), *events)


def decide_replace_provisioned(command: ReplaceProvisionedProfile, state: Employee) -> Decision:
    """Replace the managed fields (absent ones cleared), set the others given, set the status."""
    _provisioned(state)
    changes = {name: command.profile.get(name) for name in command.managed} | dict(command.profile)
    events = [*_update(state, changes), *_set_active(state, command.active)]
    return Decision.of(subject(command.employee_id), *events)


def decide_patch_provisioned(command: PatchProvisionedProfile, state: Employee) -> Decision:
    """Change the fields given and the status; a second value for a kept one is refused."""
    _provisioned(state)
    for name in sorted(command.added):
        held, new = state.profile.get(name), command.changes.get(name)
        if held is not None and new is not None and held != new:
            raise ValueAlreadyHeld(name)
    events = [*_update(state, command.changes), *_set_active(state, command.active)]
    return Decision.of(subject(command.employee_id), *events)


def decide_deprovision(command: DeprovisionEmployee, state: Employee) -> Decision:
    """Deactivate for good; a second delete finds no resource (not found)."""
    if not state.exists or state.deprovisioned:
        raise EmployeeNotFound(command.employee_id)
    event = EmployeeDeactivated(employee_id=command.employee_id, deprovisioned=True)
    return Decision.of(subject(command.employee_id), event)


def decide_erase(command: EraseEmployee, state: Employee) -> Decision:
    """Erase (GDPR Art. 17); repeating it is a no-op so a failed erasure can be retried."""
    if not state.registered:
        raise EmployeeNotFound(command.employee_id)
    if state.erased:
        return NO_CHANGE
    return Decision.of(subject(command.employee_id), EmployeeErased(employee_id=state.employee_id))


def _update(
    state: Employee, changes: Profile, *, editable: frozenset[str] = ALL_FIELDS
) -> list[Event]:
    """The profile update of ``changes`` (``None`` clears a field); none when nothing changes."""
    employee_id = _existing(state)
    if forbidden := set(changes) - editable:
        raise FieldNotEditable(forbidden)
    changed = {k: v for k, v in changes.items() if v is not None and state.profile.get(k) != v}
    cleared = sorted(k for k, v in changes.items() if v is None and k in state.profile)
    if required := REQUIRED_FIELDS.intersection(cleared):
        raise FieldRequired(min(required))
    if not changed and not cleared:
        return []
    fields = ProfileFields(**changed)
    return [EmployeeProfileUpdated(employee_id=employee_id, changes=fields, cleared=cleared)]


def _set_active(state: Employee, active: bool | None) -> list[Event]:
    """Deactivate or reactivate; nothing when already so (or ``None``)."""
    employee_id = _existing(state)
    if active is None or active == state.active:
        return []
    if active:
        return [EmployeeReactivated(employee_id=employee_id)]
    return [EmployeeDeactivated(employee_id=employee_id)]


def _provisioned(state: Employee) -> None:
    """Replace and patch act on provisioned users: a deprovisioned one is none any more."""
    if state.deprovisioned:
        raise EmployeeNotFound(state.employee_id)


def _existing(state: Employee) -> str:
    if not state.exists:
        raise EmployeeNotFound(state.employee_id)
    return state.employee_id
