"""Joining: every visibility x join policy, and every prior status."""

from __future__ import annotations

import pytest
from collab_events.group import (
    GroupInvitationAccepted,
    GroupJoinRequested,
    GroupMemberJoined,
)
from group_service.domain.commands import JoinGroup
from group_service.domain.errors import GroupArchived, GroupNotFound, InvitationRequired
from group_service.domain.membership import decide_join
from group_service.domain.model import Caller, MembershipState, Status
from group_service.domain.streams import member_subject

JOIN = JoinGroup("g", Caller("e1"))


def types(decision) -> list[type]:
    return [type(e) for e in decision.events(member_subject("g", "e1"))]


@pytest.mark.parametrize(
    ("visibility", "policy", "expected"),
    [
        ("public", "open", [GroupMemberJoined]),
        ("public", "request", [GroupJoinRequested]),
        ("public", "invite", InvitationRequired),
        ("private", "open", [GroupMemberJoined]),
        ("private", "request", [GroupJoinRequested]),
        ("private", "invite", InvitationRequired),
        ("secret", "open", GroupNotFound),
        ("secret", "request", GroupNotFound),
        ("secret", "invite", GroupNotFound),
    ],
)
def test_outsider_joining(make_group, make_ctx, visibility, policy, expected) -> None:
    ctx = make_ctx(make_group(visibility, policy))
    if isinstance(expected, list):
        assert types(decide_join(JOIN, ctx)) == expected
    else:
        with pytest.raises(expected):
            decide_join(JOIN, ctx)


@pytest.mark.parametrize("visibility", ["public", "private", "secret"])
@pytest.mark.parametrize("policy", ["open", "request", "invite"])
def test_invitee_joining_accepts_the_invitation(make_group, make_ctx, visibility, policy) -> None:
    ctx = make_ctx(make_group(visibility, policy), target=MembershipState(Status.INVITED))
    assert types(decide_join(JOIN, ctx)) == [GroupInvitationAccepted, GroupMemberJoined]
    assert decide_join(JOIN, ctx).events(member_subject("g", "e1"))[-1].role == "member"


@pytest.mark.parametrize("visibility", ["public", "private", "secret"])
def test_joining_again_changes_nothing(make_group, make_ctx, as_member, visibility) -> None:
    assert decide_join(JOIN, make_ctx(make_group(visibility), target=as_member("member"))).empty


def test_requesting_again_changes_nothing(make_group, make_ctx) -> None:
    ctx = make_ctx(make_group("public", "request"), target=MembershipState(Status.REQUESTED))
    assert decide_join(JOIN, ctx).empty


@pytest.mark.parametrize("prior", [Status.LEFT, Status.REMOVED, Status.REJECTED, Status.DECLINED])
def test_former_relations_may_join_again(make_group, make_ctx, prior) -> None:
    ctx = make_ctx(make_group("public", "open"), target=MembershipState(prior))
    assert types(decide_join(JOIN, ctx)) == [GroupMemberJoined]


def test_archived_and_deleted_groups(make_group, make_ctx, as_member) -> None:
    with pytest.raises(GroupArchived):
        decide_join(JOIN, make_ctx(make_group(archived=True)))
    with pytest.raises(GroupArchived):  # read-only even for a no-op
        decide_join(JOIN, make_ctx(make_group(archived=True), target=as_member("member")))
    with pytest.raises(GroupNotFound):
        decide_join(JOIN, make_ctx(make_group(deleted=True), target=as_member("member")))


def test_platform_admin_sees_secret_groups_but_needs_an_invitation(make_group, make_ctx) -> None:
    with pytest.raises(InvitationRequired):
        decide_join(JOIN, make_ctx(make_group("secret", "open"), platform_admin=True))
