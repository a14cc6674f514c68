"""The last-owner rule and If-Match under concurrency, through execute (no servers)."""

from __future__ import annotations

import asyncio

import pytest
from collab_events.group import GroupMemberRoleChanged, GroupOwnerNeeded, GroupOwnersChanged
from group_service.domain.commands import ChangeSettings, CreateGroup
from group_service.domain.errors import GroupNotFound, LastOwner
from group_service.domain.model import Caller
from group_service.handlers import groups, membership
from group_service.handlers.departures import keep_groups_owned
from group_service.handlers.membership import MemberOutcome
from servicekit.commands import PreconditionFailed
from servicekit.streams import Metadata

A, B = Caller("a"), Caller("b")


async def two_owners(ports, admin: str | None = None) -> None:
    """Group g owned by a and b, with an admin when one is named."""
    await groups.create_group(ports, CreateGroup("g", A, "Guild"))
    for who, role in ((B.employee_id, "owner"), (admin, "admin")):
        if who is not None:
            await membership.join(ports, "g", Caller(who))
            await membership.change_role(ports, "g", who, role, A)


async def group_events(store, kind: type) -> list:
    return [r.event for r in await store.load("group:g") if isinstance(r.event, kind)]


async def test_two_owners_leaving_at_once_one_stays(ports, store) -> None:
    await two_owners(ports)
    latch = store.gate("group:g")
    left = await asyncio.gather(
        membership.leave_or_remove(ports, "g", "a", A),
        membership.leave_or_remove(ports, "g", "b", B),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in left) == ["LastOwner", "MemberOutcome"]
    assert latch.arrived == 3  # the loser decided again, on fresh state
    stayed = "b" if isinstance(left[0], MemberOutcome) else "a"
    [*_, last] = await group_events(store, GroupOwnersChanged)
    assert last.owners == [stayed]
    assert isinstance(left[1 if stayed == "b" else 0], LastOwner)


async def test_two_owners_deactivated_at_once_hand_over_once(ports, store, directory) -> None:
    await two_owners(ports, admin="c")
    directory.deactivated |= {"a", "b"}
    directory.admins["g"] = ["c"]
    latch = store.gate("group:g")
    await asyncio.gather(
        keep_groups_owned(ports, "a", Metadata()), keep_groups_owned(ports, "b", Metadata())
    )
    assert latch.arrived == 3
    promotions = [r.event for r in await store.load("group:g/member:c")]
    assert [type(e) for e in promotions].count(GroupMemberRoleChanged) == 2  # admin, then owner
    assert promotions[-1].role == "owner"
    [*_, last] = await group_events(store, GroupOwnersChanged)
    assert last.owners == ["a", "b", "c"]
    assert await group_events(store, GroupOwnerNeeded) == []


async def test_without_an_admin_the_group_is_flagged_once(ports, store, directory) -> None:
    await two_owners(ports)
    directory.deactivated |= {"a", "b"}
    store.gate("group:g")
    await asyncio.gather(
        keep_groups_owned(ports, "a", Metadata()), keep_groups_owned(ports, "b", Metadata())
    )
    [flag] = await group_events(store, GroupOwnerNeeded)
    assert flag.reason == "deactivated"


async def test_if_match_is_checked_after_the_decision(ports) -> None:
    await groups.create_group(ports, CreateGroup("g", A, "Guild", visibility="secret"))
    rename = ChangeSettings("g", Caller("outsider"), title="Mine")
    with pytest.raises(GroupNotFound):  # a hidden group's 404, never a 412 telling its version
        await groups.change_settings(ports, rename, expected=7)
    with pytest.raises(PreconditionFailed) as stale:
        await groups.change_settings(ports, ChangeSettings("g", A, title="New"), expected=7)
    assert (stale.value.expected, stale.value.actual) == (7, 1)
    done = await groups.change_settings(ports, ChangeSettings("g", A, title="New"), expected=1)
    assert done.version == 2 and done.etag == '"2"'


async def test_if_match_overtaken_meanwhile_is_412(ports, store) -> None:
    await groups.create_group(ports, CreateGroup("g", A, "Guild"))
    store.gate("group:g")
    results = await asyncio.gather(
        groups.change_settings(ports, ChangeSettings("g", A, title="One"), expected=1),
        groups.archive(ports, "g", A, expected=1),
        return_exceptions=True,
    )
    [refused] = [r for r in results if isinstance(r, Exception)]
    assert isinstance(refused, PreconditionFailed)
    assert (refused.expected, refused.actual) == (1, 2)
    assert await store.version("group:g") == 2
