"""The groups and memberships replicas: ordering across topics, access, fan-out lists."""

from __future__ import annotations

import pytest
from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupDeleted,
    GroupJoinRequested,
    GroupMemberInvited,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRoleChanged,
    GroupSettingsChanged,
)
from collab_events.profile import EmployeeDeactivated, EmployeeReactivated

pytestmark = pytest.mark.integration


def created(group_id: str, visibility: str = "public", owner: str = "own") -> GroupCreated:
    return GroupCreated(group_id=group_id, title="Guild", visibility=visibility, owner_id=owner)


def joined(group_id: str, employee_id: str, role: str = "member") -> GroupMemberJoined:
    return GroupMemberJoined(group_id=group_id, employee_id=employee_id, role=role)


async def members(replica, group_id: str, page: int = 500) -> list[str]:
    return [e async for e in replica.query.groups.active_member_ids(group_id, page=page)]


async def test_membership_before_person_then_deactivation(replica, history) -> None:
    groups = replica.query.groups
    await replica.apply(
        history.group("g", created("g", "private")), history.member("g", "ana", joined("g", "ana"))
    )
    # Nobody has heard of ana yet: she counts as active.
    assert await members(replica, "g") == ["ana"]
    assert await groups.can_read("g", "ana") and await groups.can_post("g", "ana")
    await replica.apply(history.register("ana", display_name="Ana"))
    assert await members(replica, "g") == ["ana"]
    await replica.apply(history.person("ana", EmployeeDeactivated(employee_id="ana")))
    assert await members(replica, "g") == []
    assert not await groups.can_read("g", "ana")
    assert await groups.groups_of("ana") == []
    assert not (await groups.membership("g", "ana")).active
    await replica.apply(history.person("ana", EmployeeReactivated(employee_id="ana")))
    assert await members(replica, "g") == ["ana"]
    assert [m.group_id for m in await groups.groups_of("ana")] == ["g"]


async def test_deactivation_before_membership_keeps_it_inactive(replica, history) -> None:
    await replica.apply(
        history.register("bo"), history.person("bo", EmployeeDeactivated(employee_id="bo"))
    )
    await replica.apply(
        history.group("g", created("g")), history.member("g", "bo", joined("g", "bo"))
    )
    assert await members(replica, "g") == []
    assert not (await replica.query.groups.membership("g", "bo")).active


async def test_access_by_visibility_membership_archive_and_admin(replica, history) -> None:
    await replica.apply(
        *(history.group(g, created(g, g)) for g in ("public", "private", "secret")),
        *(history.member(g, "mem", joined(g, "mem")) for g in ("public", "private", "secret")),
        history.member(
            "secret", "asker", GroupJoinRequested(group_id="secret", employee_id="asker")
        ),
    )
    groups = replica.query.groups

    async def rights(group_id: str, who: str, admin: bool = False) -> tuple[bool, bool, bool]:
        access = await groups.access(group_id, who, admin=admin)
        return access.visible, access.readable, access.postable

    assert await rights("public", "out") == (True, True, False)
    assert await rights("private", "out") == (True, False, False)
    assert await rights("secret", "out") == (False, False, False)
    assert await rights("secret", "asker") == (False, False, False)  # a request is no membership
    assert await rights("secret", "mem") == (True, True, True)
    assert await rights("secret", "own") == (True, True, True)  # owner before their membership
    assert await rights("secret", "out", admin=True) == (True, True, True)
    await replica.apply(history.group("secret", GroupArchived(group_id="secret")))
    assert await rights("secret", "mem") == (True, True, False)
    assert await rights("secret", "out", admin=True) == (True, True, False)
    await replica.apply(
        history.group("private", GroupSettingsChanged(group_id="private", visibility="public"))
    )
    assert await rights("private", "out") == (True, True, False)
    await replica.apply(history.group("public", GroupDeleted(group_id="public")))
    assert await rights("public", "mem", admin=True) == (False, False, False)
    assert await members(replica, "public") == []
    assert sorted(m.group_id for m in await groups.groups_of("mem")) == ["private", "secret"]
    assert (await groups.group("public")).deleted
    assert await rights("nowhere", "mem", admin=True) == (False, False, False)


async def test_statuses_roles_and_paged_member_ids(replica, history) -> None:
    people = [f"e{i}" for i in range(7)]
    await replica.apply(
        history.group("g", created("g")),
        *(history.member("g", e, joined("g", e)) for e in reversed(people)),
        history.member("g", "e3", GroupMemberLeft(group_id="g", employee_id="e3")),
        history.member(
            "g",
            "e4",
            GroupMemberRoleChanged(
                group_id="g", employee_id="e4", role="admin", previous_role="member"
            ),
        ),
        history.member(
            "g", "x", GroupMemberInvited(group_id="g", employee_id="x", invited_by="e4")
        ),
    )
    assert await members(replica, "g", page=2) == [e for e in people if e != "e3"]
    left = await replica.query.groups.membership("g", "e3")
    assert (left.status, left.role, left.since) == ("left", None, None)
    admin = await replica.query.groups.membership("g", "e4")
    assert (admin.status, admin.role) == ("member", "admin") and admin.since is not None
    assert (await replica.query.groups.membership("g", "x")).status == "invited"
