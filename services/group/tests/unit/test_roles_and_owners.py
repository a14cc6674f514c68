"""Roles, removal rights and the last-owner rule."""

from __future__ import annotations

import pytest
from collab_events.group import GroupMemberLeft, GroupMemberRemoved, GroupOwnersChanged
from group_service.domain import membership as m
from group_service.domain.commands import ChangeRole, LeaveGroup, RemoveMember
from group_service.domain.errors import LastOwner, MemberNotFound, NotAllowed
from group_service.domain.model import Caller, MembershipState, Status
from group_service.domain.roles import decide_change_role

BOSS = Caller("boss")
REMOVE = RemoveMember("g", "e1", BOSS)
OWNER_LEAVES = LeaveGroup("g", Caller("owner"))


def role_ctx(make_ctx, make_group, actor_role, target_role, **kw):
    return make_ctx(
        make_group(owners=frozenset({"owner"})),
        target=MembershipState(Status.MEMBER, target_role),
        actor=MembershipState(Status.MEMBER, actor_role) if actor_role else None,
        actor_id="boss",
        **kw,
    )


@pytest.mark.parametrize(
    ("actor", "current", "new", "allowed"),
    [
        ("owner", "member", "owner", True),
        ("owner", "admin", "member", True),
        ("admin", "member", "admin", True),
        ("admin", "moderator", "member", True),
        ("admin", "member", "owner", False),
        ("admin", "admin", "member", False),
        ("moderator", "member", "moderator", False),
        ("member", "member", "admin", False),
    ],
)
def test_who_may_assign_roles(
    make_ctx, make_group, member_events, actor, current, new, allowed
) -> None:
    ctx = role_ctx(make_ctx, make_group, actor, current)
    cmd = ChangeRole("g", "e1", BOSS, new)
    if allowed:
        assert member_events(decide_change_role(cmd, ctx))[0].role == new
    else:
        with pytest.raises(NotAllowed):
            decide_change_role(cmd, ctx)


def test_promoting_to_owner_grows_the_owner_set(make_ctx, make_group, group_events) -> None:
    decision = decide_change_role(
        ChangeRole("g", "e1", BOSS, "owner"), role_ctx(make_ctx, make_group, "owner", "admin")
    )
    assert group_events(decision) == (GroupOwnersChanged(group_id="g", owners=["e1", "owner"]),)


def test_last_owner_cannot_be_demoted_or_leave(make_ctx, make_group) -> None:
    group = make_group()  # "owner" is the only owner
    me = MembershipState(Status.MEMBER, "owner")
    with pytest.raises(LastOwner):
        decide_change_role(
            ChangeRole("g", "owner", Caller("owner"), "admin"),
            make_ctx(group, target=me, employee_id="owner"),
        )
    with pytest.raises(LastOwner):
        m.decide_leave(OWNER_LEAVES, make_ctx(group, target=me, employee_id="owner"))


def test_owner_may_leave_once_another_active_owner_exists(
    make_ctx, make_group, group_events, member_events
) -> None:
    me = MembershipState(Status.MEMBER, "owner")
    two = make_group(owners=frozenset({"owner", "o2"}))
    decision = m.decide_leave(OWNER_LEAVES, make_ctx(two, target=me, employee_id="owner"))
    assert group_events(decision) == (GroupOwnersChanged(group_id="g", owners=["o2"]),)
    assert isinstance(member_events(decision, "owner")[0], GroupMemberLeft)
    with pytest.raises(LastOwner):  # the other owner is deactivated: does not count
        m.decide_leave(
            OWNER_LEAVES,
            make_ctx(two, target=me, employee_id="owner", inactive=frozenset({"o2"})),
        )


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        ("owner", "admin", True),
        ("admin", "moderator", True),
        ("admin", "admin", False),
        ("moderator", "member", True),
        ("moderator", "moderator", False),
        ("member", "member", False),
    ],
)
def test_removal_rights(make_ctx, make_group, member_events, actor, target, allowed) -> None:
    ctx = role_ctx(make_ctx, make_group, actor, target)
    if allowed:
        assert isinstance(member_events(m.decide_remove(REMOVE, ctx))[0], GroupMemberRemoved)
    else:
        with pytest.raises(NotAllowed):
            m.decide_remove(REMOVE, ctx)


def test_leave_and_remove_are_idempotent(make_ctx, make_group) -> None:
    gone = MembershipState(Status.LEFT)
    assert m.decide_leave(
        LeaveGroup("g", Caller("e1")), make_ctx(make_group("secret"), target=gone)
    ).empty
    ctx = make_ctx(
        make_group(), target=gone, actor=MembershipState(Status.MEMBER, "admin"), actor_id="boss"
    )
    assert m.decide_remove(REMOVE, ctx).empty
    with pytest.raises(MemberNotFound):
        decide_change_role(ChangeRole("g", "e1", BOSS, "admin"), ctx)
