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
from group_service.domain.errors import (
    AlreadyMember,
    GroupNotFound,
    InvitationNotFound,
    JoinRequestNotFound,
    JoinRequestPending,
    NotAllowed,
    RequestNotPending,
)
from group_service.domain.model import MembershipState, Status

REQUESTED = MembershipState(Status.REQUESTED)
INVITED = MembershipState(Status.INVITED)


def by(make_ctx, make_group, role, target=REQUESTED, **group):
    """A context where a member with ``role`` acts on e1."""
    from group_service.domain.model import MembershipState as MS

    actor = MS(Status.MEMBER, role) if role else MS()
    return make_ctx(make_group(**group), target=target, actor=actor, actor_id="boss")


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_managers_approve_and_reject(make_ctx, make_group, role) -> None:
    approved = r.decide_approve(by(make_ctx, make_group, role))
    assert [type(e) for e in approved.members["e1"]] == [
        GroupJoinRequestApproved,
        GroupMemberJoined,
    ]
    rejected = r.decide_reject(by(make_ctx, make_group, role))
    assert [type(e) for e in rejected.members["e1"]] == [GroupJoinRequestRejected]


@pytest.mark.parametrize("role", ["moderator", "member", None])
def test_others_may_not_decide_requests(make_ctx, make_group, role) -> None:
    with pytest.raises(NotAllowed):
        r.decide_approve(by(make_ctx, make_group, role))
    with pytest.raises(NotAllowed):
        r.decide_reject(by(make_ctx, make_group, role))


def test_deciding_twice(make_ctx, make_group, as_member) -> None:
    member = as_member("member")
    rejected = MembershipState(Status.REJECTED)
    assert r.decide_approve(by(make_ctx, make_group, "admin", target=member)).empty
    assert r.decide_reject(by(make_ctx, make_group, "admin", target=rejected)).empty
    with pytest.raises(RequestNotPending):  # the approve lost against a reject
        r.decide_approve(by(make_ctx, make_group, "admin", target=rejected))
    with pytest.raises(RequestNotPending):  # the reject lost against an approve
        r.decide_reject(by(make_ctx, make_group, "admin", target=member))
    with pytest.raises(JoinRequestNotFound):
        r.decide_approve(by(make_ctx, make_group, "admin", target=MembershipState()))


def test_invitations(make_ctx, make_group, as_member) -> None:
    invited = r.decide_invite(by(make_ctx, make_group, "admin", target=MembershipState()))
    event = invited.members["e1"][0]
    assert isinstance(event, GroupMemberInvited) and event.invited_by == "boss"
    assert r.decide_invite(by(make_ctx, make_group, "owner", target=INVITED)).empty
    with pytest.raises(AlreadyMember):
        r.decide_invite(by(make_ctx, make_group, "admin", target=as_member("member")))
    with pytest.raises(JoinRequestPending):
        r.decide_invite(by(make_ctx, make_group, "admin", target=REQUESTED))
    with pytest.raises(NotAllowed):
        r.decide_invite(by(make_ctx, make_group, "moderator", target=MembershipState()))


def test_secret_group_invitation_by_outsider_is_not_found(make_ctx, make_group) -> None:
    with pytest.raises(GroupNotFound):
        r.decide_invite(
            by(make_ctx, make_group, None, target=MembershipState(), visibility="secret")
        )


def test_accept_and_decline(make_ctx, make_group, as_member) -> None:
    secret = make_group("secret", "invite")
    accepted = r.decide_accept(make_ctx(secret, target=INVITED))
    assert [type(e) for e in accepted.members["e1"]][-1] is GroupMemberJoined
    assert r.decide_accept(make_ctx(secret, target=as_member("member"))).empty
    declined = r.decide_decline(make_ctx(secret, target=INVITED))
    assert [type(e) for e in declined.members["e1"]] == [GroupInvitationDeclined]
    assert r.decide_decline(make_ctx(secret, target=MembershipState(Status.DECLINED))).empty
    with pytest.raises(GroupNotFound):  # no invitation to a secret group: it does not exist
        r.decide_accept(make_ctx(secret))
    with pytest.raises(InvitationNotFound):
        r.decide_accept(make_ctx(make_group("public", "invite")))
