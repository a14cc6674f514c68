"""The employee aggregate: evolve and decide, without any server."""

from __future__ import annotations

import pytest
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
    ProfileFields,
)
from profile_service.domain import employee as emp
from profile_service.domain.errors import (
    EmployeeAlreadyRegistered,
    EmployeeNotFound,
    FieldNotEditable,
    FieldRequired,
)
from profile_service.domain.fields import HR_FIELDS, SELF_FIELDS

PROFILE = {"user_name": "ana@example.com", "given_name": "Ana", "phone": "+49 1"}


def registered(**extra: object) -> emp.Employee:
    state = emp.Employee("e1")
    return emp.fold_events(state, emp.decide_register(state, profile=PROFILE | extra))


def test_register_then_update_folds_into_state() -> None:
    state = registered()
    assert state.exists and state.active and state.user_name == "ana@example.com"
    events = emp.decide_update(state, changes={"given_name": "Anna", "phone": None})
    state = emp.fold_events(state, events)
    assert state.profile == {"user_name": "ana@example.com", "given_name": "Anna"}


def test_update_carries_only_changed_fields() -> None:
    state = registered()
    [event] = emp.decide_update(state, changes={"given_name": "Ana", "about": "Hi"})
    assert isinstance(event, EmployeeProfileUpdated)
    assert event.changes == ProfileFields(about="Hi") and event.cleared == []
    assert emp.decide_update(state, changes={"given_name": "Ana", "about": None}) == []


def test_register_inactive_and_twice() -> None:
    state = emp.Employee("e2")
    events = emp.decide_register(state, profile=PROFILE, active=False)
    assert [type(e) for e in events] == [EmployeeRegistered, EmployeeDeactivated]
    with pytest.raises(EmployeeAlreadyRegistered):
        emp.decide_register(emp.fold_events(state, events), profile=PROFILE)
    with pytest.raises(FieldRequired):
        emp.decide_register(emp.Employee("e3"), profile={"given_name": "x"})


def test_self_edit_of_hr_field_is_refused() -> None:
    with pytest.raises(FieldNotEditable) as refused:
        emp.decide_update(
            registered(), changes={"department": "X", "about": "y"}, editable=SELF_FIELDS
        )
    assert refused.value.fields == ["department"]
    assert HR_FIELDS.isdisjoint(SELF_FIELDS)


def test_user_name_cannot_be_cleared() -> None:
    with pytest.raises(FieldRequired):
        emp.decide_update(registered(), changes={"user_name": None})


def test_replace_clears_absent_managed_fields_and_keeps_others() -> None:
    state = registered(department="Sales")
    events = emp.decide_replace(
        state, profile={"user_name": "ana@example.com"}, managed=HR_FIELDS, active=False
    )
    after = emp.fold_events(state, events)
    assert after.profile == {"user_name": "ana@example.com", "phone": "+49 1"}
    assert not after.active and isinstance(events[-1], EmployeeDeactivated)


def test_activity_changes_only_when_needed() -> None:
    state = registered()
    assert emp.decide_set_active(state, True) == []
    assert emp.decide_set_active(state, None) == []
    inactive = emp.fold_events(state, emp.decide_set_active(state, False))
    assert [type(e) for e in emp.decide_set_active(inactive, True)] == [EmployeeReactivated]


def test_erase_forgets_the_profile_and_is_idempotent() -> None:
    state = registered()
    [event] = emp.decide_erase(state)
    assert isinstance(event, EmployeeErased) and set(event.model_dump()) == {"employee_id"}
    erased = emp.evolve(state, event)
    assert erased.profile == {} and not erased.exists and emp.decide_erase(erased) == []
    with pytest.raises(EmployeeNotFound):
        emp.decide_update(erased, changes={"about": "x"})
    with pytest.raises(EmployeeNotFound):
        emp.decide_erase(emp.Employee("nobody"))


def test_deprovision_deactivates_for_good_and_only_once() -> None:
    state = registered()
    events = emp.decide_deprovision(state)
    assert events == [EmployeeDeactivated(employee_id="e1", deprovisioned=True)]
    gone = emp.fold_events(state, events)
    assert gone.exists and not gone.active and gone.deprovisioned
    with pytest.raises(EmployeeNotFound):
        emp.decide_deprovision(gone)
    suspended = emp.fold_events(state, emp.decide_set_active(state, False))
    assert not suspended.deprovisioned  # a plain deactivation keeps the SCIM resource
    after = emp.fold_events(suspended, emp.decide_deprovision(suspended))
    assert after.deprovisioned and not after.active
    assert not emp.evolve(after, EmployeeReactivated(employee_id="e1")).deprovisioned
    with pytest.raises(EmployeeNotFound):
        emp.decide_deprovision(emp.Employee("never"))
