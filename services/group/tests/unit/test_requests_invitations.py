"""Join requests and invitations: who may decide, idempotency, decided-request conflicts."""

from __future__ import annotations

import pytest
from collab_events.group import (
    GroupInvitationDeclined,
    GroupJoinRequestApproved,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberJoined,
)
from group_service.domain import requests as r
from group_service.domain.commands import (
    AcceptInvitation,
    ApproveRequest,
    DeclineInvitation,
    InviteMember,
    RejectRequest,
)
from group_service.domain.errors import (
    AlreadyMember,
    EmployeeNotFound,
    GroupNotFound,
    InvitationNotFound,
    JoinRequestNotFound,
    JoinRequestPending,
    NotAllowed,
    RequestNotPending,
)
from group_service.domain.model import Caller, MembershipState, Status

REQUESTED = MembershipState(Status.REQUESTED)
INVITED = MembershipState(Status.INVITED)
BOSS, E1 = Caller("boss"), Caller("e1")
APPROVE, REJECT = ApproveRequest("g", "e1", BOSS), RejectRequest("g", "e1", BOSS)
INVITE = InviteMember("g", "e1", BOSS)


def by(make_ctx, make_group, role, target=REQUESTED, known=True, **group):
    """A context where a member with ``role`` acts on e1."""
    actor = MembershipState(Status.MEMBER, role) if role else MembershipState()
    return make_ctx(make_group(**group), target=target, actor=actor, actor_id="boss", known=known)


def types(events) -> list[type]:
    return [type(e) for e in events]


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_managers_approve_and_reject(make_ctx, make_group, member_events, role) -> None:
    approved = r.decide_approve(APPROVE, by(make_ctx, make_group, role))
    assert types(member_events(approved)) == [GroupJoinRequestApproved, GroupMemberJoined]
    rejected = r.decide_reject(REJECT, by(make_ctx, make_group, role))
    assert types(member_events(rejected)) == [GroupJoinRequestRejected]


@pytest.mark.parametrize("role", ["moderator", "member", None])
def test_others_may_not_decide_requests(make_ctx, make_group, role) -> None:
    with pytest.raises(NotAllowed):
        r.decide_approve(APPROVE, by(make_ctx, make_group, role))
    with pytest.raises(NotAllowed):
        r.decide_reject(REJECT, by(make_ctx, make_group, role))


def test_deciding_twice(make_ctx, make_group, as_member) -> None:
    member = as_member("member")
    rejected = MembershipState(Status.REJECTED)
    assert r.decide_approve(APPROVE, by(make_ctx, make_group, "admin", target=member)).empty
    assert r.decide_reject(REJECT, by(make_ctx, make_group, "admin", target=rejected)).empty
    with pytest.raises(RequestNotPending):  # the approve lost against a reject
        r.decide_approve(APPROVE, by(make_ctx, make_group, "admin", target=rejected))
    with pytest.raises(RequestNotPending):  # the reject lost against an approve
        r.decide_reject(REJECT, by(make_ctx, make_group, "admin", target=member))
    with pytest.raises(JoinRequestNotFound):
        r.decide_approve(APPROVE, by(make_ctx, make_group, "admin", target=MembershipState()))


def test_invitations(make_ctx, make_group, as_member, member_events) -> None:
    invited = r.decide_invite(INVITE, by(make_ctx, make_group, "admin", target=MembershipState()))
    [event] = member_events(invited)
    assert isinstance(event, GroupMemberInvited) and event.invited_by == "boss"
    assert r.decide_invite(INVITE, by(make_ctx, make_group, "owner", target=INVITED)).empty
    with pytest.raises(AlreadyMember):
        r.decide_invite(INVITE, by(make_ctx, make_group, "admin", target=as_member("member")))
    with pytest.raises(JoinRequestPending):
        r.decide_invite(INVITE, by(make_ctx, make_group, "admin", target=REQUESTED))
    with pytest.raises(NotAllowed):
        r.decide_invite(INVITE, by(make_ctx, make_group, "moderator", target=MembershipState()))


def test_an_unknown_employee_is_not_invited_after_the_groups_own_answers(
    make_ctx, make_group, as_member
) -> None:
    with pytest.raises(EmployeeNotFound):
        r.decide_invite(INVITE, by(make_ctx, make_group, "admin", MembershipState(), known=False))
    with pytest.raises(AlreadyMember):  # the group's 409 comes first
        r.decide_invite(INVITE, by(make_ctx, make_group, "admin", as_member(), known=False))
    with pytest.raises(GroupNotFound):  # and a hidden group's 404
        hidden = by(make_ctx, make_group, None, MembershipState(), False, visibility="secret")
        r.decide_invite(INVITE, hidden)


def test_secret_group_invitation_by_outsider_is_not_found(make_ctx, make_group) -> None:
    with pytest.raises(GroupNotFound):
        r.decide_invite(
            INVITE, by(make_ctx, make_group, None, target=MembershipState(), visibility="secret")
        )


def test_accept_and_decline(make_ctx, make_group, as_member, member_events) -> None:
    secret = make_group("secret", "invite")
    accept, decline = AcceptInvitation("g", E1), DeclineInvitation("g", E1)
    accepted = r.decide_accept(accept, make_ctx(secret, target=INVITED))
    assert types(member_events(accepted))[-1] is GroupMemberJoined
    assert r.decide_accept(accept, make_ctx(secret, target=as_member("member"))).empty
    declined = r.decide_decline(decline, make_ctx(secret, target=INVITED))
    assert types(member_events(declined)) == [GroupInvitationDeclined]
    assert r.decide_decline(
        decline, make_ctx(secret, target=MembershipState(Status.DECLINED))
    ).empty
    with pytest.raises(GroupNotFound):  # no invitation to a secret group: it does not exist
        r.decide_accept(accept, make_ctx(secret))
    with pytest.raises(InvitationNotFound):
        r.decide_accept(accept, make_ctx(make_group("public", "invite")))
