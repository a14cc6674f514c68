"""Follow decisions and manager-cycle rules."""

from __future__ import annotations

import pytest
from collab_events.profile import EmployeeFollowed, EmployeeUnfollowed
from profile_service.domain import employee as emp
from profile_service.domain import follow
from profile_service.domain.commands import RegisterEmployee
from profile_service.domain.decisions import decide_register
from profile_service.domain.errors import (
    CannotFollowSelf,
    EmployeeNotFound,
    FollowTargetInactive,
    ManagerCycle,
    NotAnActiveEmployee,
)
from profile_service.domain.orgchart import MAX_CHAIN_DEPTH, check_manager


def person(employee_id: str, *, active: bool = True) -> emp.Employee:
    state = emp.Employee(employee_id)
    command = RegisterEmployee(employee_id, {"user_name": f"{employee_id}@x.org"}, active)
    return emp.decided(state, decide_register(command, state))


def decide_follow(relation, follower, followee):
    command = follow.FollowEmployee(relation.follower, relation.followee)
    return follow.decide_follow(command, follow.FollowContext(relation, follower, followee))


def test_follow_is_idempotent_and_unfollow_too() -> None:
    state = follow.Follow("a", "b")
    decision = decide_follow(state, person("a"), person("b"))
    [event] = decision.events("follow:a/b")
    assert event == EmployeeFollowed(follower_id="a", followee_id="b")
    state = follow.evolve(state, event)
    assert decide_follow(state, person("a"), person("b")).empty
    unfollow = follow.UnfollowEmployee("a", "b")
    [ended] = follow.decide_unfollow(unfollow, state).events("follow:a/b")
    assert isinstance(ended, EmployeeUnfollowed)
    assert follow.decide_unfollow(unfollow, follow.evolve(state, ended)).empty


def test_follow_refusals() -> None:
    with pytest.raises(CannotFollowSelf):
        decide_follow(follow.Follow("a", "a"), person("a"), person("a"))
    with pytest.raises(FollowTargetInactive):
        decide_follow(follow.Follow("a", "b"), person("a"), person("b", active=False))
    with pytest.raises(EmployeeNotFound):
        decide_follow(follow.Follow("a", "b"), person("a"), emp.Employee("b"))
    with pytest.raises(NotAnActiveEmployee):
        decide_follow(follow.Follow("a", "b"), emp.Employee("a"), person("b"))


def test_manager_cycles_are_refused() -> None:
    check_manager("e", "m", ["m2", "ceo"])
    with pytest.raises(ManagerCycle):
        check_manager("e", "e", [])
    with pytest.raises(ManagerCycle):
        check_manager("ceo", "m", ["m2", "ceo"])
    with pytest.raises(ManagerCycle):
        check_manager("e", "m", [f"x{i}" for i in range(MAX_CHAIN_DEPTH)])
