"""Group lifecycle decisions and evolve."""

from __future__ import annotations

import pytest
from collab_events.group import GroupArchived, GroupCreated, GroupDeleted, GroupMemberJoined
from group_service.domain import groups as g
from group_service.domain.commands import (
    ArchiveGroup,
    ChangeSettings,
    CreateGroup,
    DeleteGroup,
    UnarchiveGroup,
)
from group_service.domain.errors import GroupArchived as Archived
from group_service.domain.errors import GroupNotFound, NotAllowed
from group_service.domain.evolve import evolve_group
from group_service.domain.groups import GroupContext
from group_service.domain.model import Actor, Caller, GroupState, MembershipState, Status

OWNER = Actor("owner", membership=MembershipState(Status.MEMBER, "owner"))
MEMBER = Actor("m", membership=MembershipState(Status.MEMBER, "member"))
OUTSIDER = Actor("x")
BY = Caller("owner")  # the commands' sender; decisions look at the actor in the context


def test_create_appends_group_and_owner_membership(group_events, member_events) -> None:
    cmd = CreateGroup("g", Caller("owner"), "Guild", "", "en", ("a",), "private", "request")
    decision = g.decide_create(cmd, GroupState())
    [created_event] = group_events(decision)
    assert isinstance(created_event, GroupCreated) and created_event.owner_id == "owner"
    assert member_events(decision, "owner") == (
        GroupMemberJoined(group_id="g", employee_id="owner", role="owner"),
    )
    assert list(decision.changes) == ["group:g", "group:g/member:owner"]  # group stream first
    created = evolve_group(GroupState(), created_event)
    assert created.owners == {"owner"} and created.visibility == "private"
    assert g.decide_create(cmd, created).empty  # retry with the same id


def test_settings_change_only_what_differs(make_group, group_events) -> None:
    group = make_group()
    same = ChangeSettings("g", BY, title="Guild", visibility="public")
    assert g.decide_change_settings(same, GroupContext(group, OWNER)).empty
    change = ChangeSettings("g", BY, title="New", tags=("x",))
    [event] = group_events(g.decide_change_settings(change, GroupContext(group, OWNER)))
    assert event.title == "New" and event.tags == ["x"] and event.visibility is None
    after = evolve_group(group, event)
    assert after.title == "New" and after.tags == ("x",) and after.join_policy == "open"


def test_only_managers_change_settings_archive_and_delete(make_group, group_events) -> None:
    group = make_group()
    for decide in (
        lambda a: g.decide_change_settings(
            ChangeSettings("g", BY, title="N"), GroupContext(group, a)
        ),
        lambda a: g.decide_archive(ArchiveGroup("g", BY), GroupContext(group, a)),
        lambda a: g.decide_delete(DeleteGroup("g", BY), GroupContext(group, a)),
    ):
        with pytest.raises(NotAllowed):
            decide(MEMBER)
    admin = GroupContext(group, Actor("pa", platform_admin=True))
    [event] = group_events(g.decide_archive(ArchiveGroup("g", BY), admin))
    assert isinstance(event, GroupArchived)


def test_archived_group_refuses_settings_but_can_be_unarchived(make_group) -> None:
    archived = GroupContext(make_group(archived=True), OWNER)
    with pytest.raises(Archived):
        g.decide_change_settings(ChangeSettings("g", BY, title="N"), archived)
    assert g.decide_archive(ArchiveGroup("g", BY), archived).empty
    assert not g.decide_unarchive(UnarchiveGroup("g", BY), archived).empty
    assert g.decide_unarchive(UnarchiveGroup("g", BY), GroupContext(make_group(), OWNER)).empty


def test_delete_is_idempotent_for_managers_and_hidden_from_others(make_group) -> None:
    deleted = evolve_group(make_group(), GroupDeleted(group_id="g"))
    assert g.decide_delete(DeleteGroup("g", BY), GroupContext(deleted, OWNER)).empty
    with pytest.raises(GroupNotFound):
        g.decide_delete(DeleteGroup("g", BY), GroupContext(deleted, MEMBER))
    with pytest.raises(GroupNotFound):
        g.decide_archive(ArchiveGroup("g", BY), GroupContext(make_group("secret"), OUTSIDER))
