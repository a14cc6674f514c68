"""Owner continuity when owners are deactivated or erased."""

from __future__ import annotations

from collab_events.group import (
    GroupInvitationDeclined,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
    GroupOwnerNeeded,
    GroupOwnersChanged,
)
from group_service.domain.commands import EndRelationsOfErased, KeepOwnedAfterDeactivation
from group_service.domain.departures import DepartureState, decide_deactivation, decide_erasure
from group_service.domain.evolve import evolve_group
from group_service.domain.model import MembershipState, Status

OWNER = MembershipState(Status.MEMBER, "owner")
DEACTIVATED = KeepOwnedAfterDeactivation("g", "owner")
ERASED = EndRelationsOfErased("g", "owner")


def state(group, member=OWNER, **kw) -> DepartureState:
    return DepartureState(group, member, **kw)


def test_deactivated_last_owner_hands_over_to_the_successor(
    make_group, group_events, member_events
) -> None:
    decision = decide_deactivation(
        DEACTIVATED, state(make_group(), successor="a1", inactive=frozenset({"owner"}))
    )
    assert member_events(decision, "a1") == (
        GroupMemberRoleChanged(group_id="g", employee_id="a1", role="owner", previous_role="admin"),
    )
    assert group_events(decision) == (GroupOwnersChanged(group_id="g", owners=["a1", "owner"]),)


def test_without_an_admin_the_group_is_flagged_once(make_group, group_events) -> None:
    group = make_group()
    decision = decide_deactivation(DEACTIVATED, state(group))
    assert group_events(decision) == (
        GroupOwnerNeeded(group_id="g", former_owner_id="owner", reason="deactivated"),
    )
    flagged = evolve_group(group, group_events(decision)[0])
    assert flagged.needs_owner
    assert decide_deactivation(DEACTIVATED, state(flagged)).empty  # redelivery: nothing more


def test_nothing_to_do_when_another_owner_is_active(make_group) -> None:
    group = make_group(owners=frozenset({"owner", "o2"}))
    assert decide_deactivation(DEACTIVATED, state(group, successor="a1")).empty
    member = MembershipState(Status.MEMBER, "member")
    assert decide_deactivation(DEACTIVATED, state(make_group(), member=member)).empty


def test_erased_owner_is_removed_and_replaced(make_group, group_events, member_events) -> None:
    decision = decide_erasure(ERASED, state(make_group(), successor="a1"))
    assert member_events(decision, "owner") == (
        GroupMemberRemoved(group_id="g", employee_id="owner", reason="erased"),
    )
    assert group_events(decision) == (GroupOwnersChanged(group_id="g", owners=["a1"]),)


def test_erased_last_owner_without_admin_flags_the_group(make_group, group_events) -> None:
    decision = decide_erasure(ERASED, state(make_group()))
    assert group_events(decision) == (
        GroupOwnersChanged(group_id="g", owners=[]),
        GroupOwnerNeeded(group_id="g", former_owner_id="owner", reason="erased"),
    )


def test_erasure_ends_pending_relations_and_repeats_are_no_ops(make_group, member_events) -> None:
    invited = state(make_group(), member=MembershipState(Status.INVITED))
    assert [type(e) for e in member_events(decide_erasure(ERASED, invited), "owner")] == [
        GroupInvitationDeclined
    ]
    gone = state(make_group(), member=MembershipState(Status.REMOVED))
    assert decide_erasure(ERASED, gone).empty


def test_new_owner_clears_the_flag(make_group) -> None:
    flagged = make_group(needs_owner=True)
    fixed = evolve_group(flagged, GroupOwnersChanged(group_id="g", owners=["owner", "new"]))
    assert not fixed.needs_owner
