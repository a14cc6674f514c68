"""Membership use cases through servicekit's execute on the in-memory event store."""

from __future__ import annotations

import asyncio

import pytest
from collab_events.group import (
    GroupInvitationAccepted,
    GroupJoinRequestApproved,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberJoined,
)
from group_service.domain.commands import CreateGroup
from group_service.domain.errors import (
    EmployeeNotFound,
    GroupNotFound,
    InvitationRequired,
    RequestNotPending,
)
from group_service.domain.model import Caller, Status
from group_service.handlers import membership, requests
from group_service.handlers.groups import create_group

OWNER, E1 = Caller("owner"), Caller("e1")


async def new_group(ports, visibility: str = "public", policy: str = "open") -> None:
    command = CreateGroup("g", OWNER, "Guild", visibility=visibility, join_policy=policy)
    await create_group(ports, command)


async def stored(store, employee_id: str = "e1") -> list[type]:
    return [type(r.event) for r in await store.load(f"group:g/member:{employee_id}")]


@pytest.mark.parametrize(
    ("visibility", "policy", "status", "events"),
    [
        ("public", "open", Status.MEMBER, [GroupMemberJoined]),
        ("public", "request", Status.REQUESTED, [GroupJoinRequested]),
        ("private", "open", Status.MEMBER, [GroupMemberJoined]),
        ("private", "request", Status.REQUESTED, [GroupJoinRequested]),
    ],
)
async def test_join_or_request_then_approve(
    ports, store, visibility, policy, status, events
) -> None:
    await new_group(ports, visibility, policy)
    outcome = await membership.join(ports, "g", E1)
    assert (outcome.membership.status, outcome.result.version) == (status, len(events))
    assert outcome.result.consistency_token == f"group:g/member:e1@{len(events)}"
    assert await stored(store) == events
    again = await membership.join(ports, "g", E1)  # a repeat appends nothing
    assert (again.membership.status, again.result.version) == (status, len(events))
    if status is Status.REQUESTED:
        approved = await requests.approve(ports, "g", "e1", OWNER)
        assert (approved.membership.status, approved.membership.role) == (Status.MEMBER, "member")
        assert await stored(store) == [*events, GroupJoinRequestApproved, GroupMemberJoined]
        assert (await requests.approve(ports, "g", "e1", OWNER)).result.version == 3


@pytest.mark.parametrize(
    ("visibility", "policy", "refusal"),
    [
        ("public", "invite", InvitationRequired),
        ("private", "invite", InvitationRequired),
        ("secret", "open", GroupNotFound),
        ("secret", "invite", GroupNotFound),
    ],
)
async def test_refused_joins_store_nothing(ports, store, visibility, policy, refusal) -> None:
    await new_group(ports, visibility, policy)
    with pytest.raises(refusal):
        await membership.join(ports, "g", E1)
    assert await store.version("group:g/member:e1") == 0


async def test_an_invitation_opens_a_secret_group_and_join_accepts_it(ports, store) -> None:
    await new_group(ports, "secret", "invite")
    invited = await requests.invite(ports, "g", "e1", OWNER)
    assert invited.membership.status is Status.INVITED
    joined = await membership.join(ports, "g", E1)
    assert (joined.membership.status, joined.result.version) == (Status.MEMBER, 3)
    assert await stored(store) == [GroupMemberInvited, GroupInvitationAccepted, GroupMemberJoined]


async def test_no_invitation_for_an_unknown_employee(ports, store, directory) -> None:
    await new_group(ports, policy="invite")
    directory.unknown.add("nobody")
    with pytest.raises(EmployeeNotFound):
        await requests.invite(ports, "g", "nobody", OWNER)
    assert await store.version("group:g/member:nobody") == 0


async def test_approve_racing_reject_one_wins(ports, store) -> None:
    await new_group(ports, policy="request")
    await membership.join(ports, "g", E1)
    await membership.join(ports, "g", Caller("admin"))  # asks, is approved, becomes admin
    await requests.approve(ports, "g", "admin", OWNER)
    await membership.change_role(ports, "g", "admin", "admin", OWNER)
    latch = store.gate("group:g/member:e1")  # both read the pending request first
    approve, reject = await asyncio.gather(
        requests.approve(ports, "g", "e1", OWNER),
        requests.reject(ports, "g", "e1", Caller("admin")),
        return_exceptions=True,
    )
    [winner] = [r for r in (approve, reject) if not isinstance(r, Exception)]
    [loser] = [r for r in (approve, reject) if isinstance(r, Exception)]
    assert isinstance(loser, RequestNotPending)
    assert latch.arrived == 3  # two loads, then the loser's reload after the conflict
    decided = (await stored(store))[1:]
    expected = (
        [GroupJoinRequestApproved, GroupMemberJoined]
        if winner is approve
        else [GroupJoinRequestRejected]
    )
    assert decided == expected
