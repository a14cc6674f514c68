"""The employee aggregate: evolve and the pure decisions, without any server."""

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
from profile_service.domain import commands as cmd
from profile_service.domain import decisions as rules
from profile_service.domain import employee as emp
from profile_service.domain.errors import (
    EmployeeAlreadyRegistered,
    EmployeeNotFound,
    FieldNotEditable,
    FieldRequired,
    ValueAlreadyHeld,
)
from profile_service.domain.fields import HR_FIELDS, SELF_FIELDS

PROFILE = {"user_name": "ana@example.com", "given_name": "Ana", "phone": "+49 1"}


def registered(**extra: object) -> emp.Employee:
    state = emp.Employee("e1")
    return emp.decided(
        state, rules.decide_register(cmd.RegisterEmployee("e1", PROFILE | extra), state)
    )


def update(state: emp.Employee, **changes: object):
    return rules.decide_update_profile(cmd.UpdateProfile(state.employee_id, changes), state)


def test_register_then_update_folds_into_state() -> None:
    state = registered()
    assert state.exists and state.active and state.user_name == "ana@example.com"
    state = emp.decided(state, update(state, given_name="Anna", phone=None))
    assert state.profile == {"user_name": "ana@example.com", "given_name": "Anna"}


def test_update_carries_only_changed_fields() -> None:
    state = registered()
    [event] = update(state, given_name="Ana", about="Hi").events("employee:e1")
    assert isinstance(event, EmployeeProfileUpdated)
    assert event.changes == ProfileFields(about="Hi") and event.cleared == []
    assert update(state, given_name="Ana", about=None).empty


def test_register_inactive_and_twice() -> None:
    state = emp.Employee("e2")
    decision = rules.decide_register(cmd.RegisterEmployee("e2", PROFILE, active=False), state)
    events = decision.events("employee:e2")
    assert [type(e) for e in events] == [EmployeeRegistered, EmployeeDeactivated]
    assert list(decision.changes) == ["employee:e2"]
    with pytest.raises(EmployeeAlreadyRegistered):
        rules.decide_register(cmd.RegisterEmployee("e2", PROFILE), emp.decided(state, decision))
    with pytest.raises(FieldRequired):
        rules.decide_register(cmd.RegisterEmployee("e3", {"given_name": "x"}), emp.Employee("e3"))


def test_self_edit_of_hr_field_is_refused_and_of_own_fields_lands() -> None:
    state = registered()
    with pytest.raises(FieldNotEditable) as refused:
        rules.decide_edit_own_profile(
            cmd.EditOwnProfile("e1", {"department": "X", "about": "y"}), state
        )
    assert refused.value.fields == ["department"]
    assert HR_FIELDS.isdisjoint(SELF_FIELDS)
    own = rules.decide_edit_own_profile(cmd.EditOwnProfile("e1", {"about": "y"}), state)
    assert emp.decided(state, own).profile["about"] == "y"
    assert not update(state, department="X").empty  # HR may


def test_user_name_cannot_be_cleared() -> None:
    with pytest.raises(FieldRequired):
        update(registered(), user_name=None)


def test_replace_clears_absent_managed_fields_and_keeps_others() -> None:
    state = registered(department="Sales")
    command = cmd.ReplaceProvisionedProfile(
        "e1", {"user_name": "ana@example.com"}, managed=HR_FIELDS, active=False
    )
    decision = rules.decide_replace_provisioned(command, state)
    after = emp.decided(state, decision)
    assert after.profile == {"user_name": "ana@example.com", "phone": "+49 1"}
    assert not after.active and isinstance(decision.events("employee:e1")[-1], EmployeeDeactivated)


def test_patch_sets_status_only_when_needed() -> None:
    state = registered()
    patch = cmd.PatchProvisionedProfile
    assert rules.decide_patch_provisioned(patch("e1", {}, active=True), state).empty
    assert rules.decide_patch_provisioned(patch("e1", {}, active=None), state).empty
    inactive = emp.decided(state, rules.decide_patch_provisioned(patch("e1", {}, False), state))
    again = rules.decide_patch_provisioned(patch("e1", {}, active=True), inactive)
    assert [type(e) for e in again.events("employee:e1")] == [EmployeeReactivated]


def test_patch_refuses_a_second_value_but_not_the_same_one() -> None:
    state = registered(email="ana@example.com")
    second = cmd.PatchProvisionedProfile("e1", {"email": "b@x.org"}, added=frozenset({"email"}))
    with pytest.raises(ValueAlreadyHeld) as refused:
        rules.decide_patch_provisioned(second, state)
    assert refused.value.field == "email"
    same = cmd.PatchProvisionedProfile(
        "e1", {"email": "ana@example.com"}, added=frozenset({"email"})
    )
    assert rules.decide_patch_provisioned(same, state).empty
    replaced = cmd.PatchProvisionedProfile("e1", {"email": "b@x.org"})
    after = emp.decided(state, rules.decide_patch_provisioned(replaced, state))
    assert after.profile["email"] == "b@x.org"


def test_erase_forgets_the_profile_and_is_idempotent() -> None:
    state = registered()
    [event] = rules.decide_erase(cmd.EraseEmployee("e1"), state).events("employee:e1")
    assert isinstance(event, EmployeeErased) and set(event.model_dump()) == {"employee_id"}
    erased = emp.evolve(state, event)
    assert erased.profile == {} and not erased.exists
    assert rules.decide_erase(cmd.EraseEmployee("e1"), erased).empty
    with pytest.raises(EmployeeNotFound):
        update(erased, about="x")
    with pytest.raises(EmployeeNotFound):
        rules.decide_erase(cmd.EraseEmployee("nobody"), emp.Employee("nobody"))


def test_deprovision_deactivates_for_good_and_only_once() -> None:
    state = registered()
    deprovision = cmd.DeprovisionEmployee("e1")
    decision = rules.decide_deprovision(deprovision, state)
    assert decision.events("employee:e1") == (
        EmployeeDeactivated(employee_id="e1", deprovisioned=True),
    )
    gone = emp.decided(state, decision)
    assert gone.exists and not gone.active and gone.deprovisioned
    with pytest.raises(EmployeeNotFound):
        rules.decide_deprovision(deprovision, gone)
    with pytest.raises(EmployeeNotFound):  # no SCIM resource any more
        rules.decide_patch_provisioned(cmd.PatchProvisionedProfile("e1", {"about": "x"}), gone)
    with pytest.raises(EmployeeNotFound):
        replace = cmd.ReplaceProvisionedProfile("e1", PROFILE, managed=HR_FIELDS)
        rules.decide_replace_provisioned(replace, gone)
    suspend = cmd.PatchProvisionedProfile("e1", {}, active=False)
    suspended = emp.decided(state, rules.decide_patch_provisioned(suspend, state))
    assert not suspended.deprovisioned  # a plain deactivation keeps the SCIM resource
    after = emp.decided(suspended, rules.decide_deprovision(deprovision, suspended))
    assert after.deprovisioned and not after.active
    assert not emp.evolve(after, EmployeeReactivated(employee_id="e1")).deprovisioned
    with pytest.raises(EmployeeNotFound):
        rules.decide_deprovision(cmd.DeprovisionEmployee("never"), emp.Employee("never"))
