"""Group lifecycle decisions and evolve."""

from __future__ import annotations

import pytest
from collab_events.group import GroupArchived, GroupCreated, GroupDeleted, GroupMemberJoined
from group_service.domain import groups as g
from group_service.domain.commands import ChangeSettings, CreateGroup
from group_service.domain.errors import GroupArchived as Archived
from group_service.domain.errors import GroupNotFound, NotAllowed
from group_service.domain.evolve import evolve_group
from group_service.domain.model import Actor, GroupState, MembershipState, Status

OWNER = Actor("owner", membership=MembershipState(Status.MEMBER, "owner"))
MEMBER = Actor("m", membership=MembershipState(Status.MEMBER, "member"))
OUTSIDER = Actor("x")


def test_create_appends_group_and_owner_membership() -> None:
    cmd = CreateGroup("g", "Guild", "", "en", ("a",), "private", "request")
    decision = g.decide_create(cmd, GroupState(), "owner")
    assert isinstance(decision.group[0], GroupCreated)
    assert decision.members == {
        "owner": [GroupMemberJoined(group_id="g", employee_id="owner", role="owner")]
    }
    created = evolve_group(GroupState(), decision.group[0])
    assert created.owners == {"owner"} and created.visibility == "private"
    assert g.decide_create(cmd, created, "owner").empty  # retry with the same id


def test_settings_change_only_what_differs(make_group) -> None:
    group = make_group()
    same = ChangeSettings("g", title="Guild", visibility="public")
    assert g.decide_change_settings(same, group, OWNER).empty
    change = ChangeSettings("g", title="New", tags=("x",))
    event = g.decide_change_settings(change, group, OWNER).group[0]
    assert event.title == "New" and event.tags == ["x"] and event.visibility is None
    after = evolve_group(group, event)
    assert after.title == "New" and after.tags == ("x",) and after.join_policy == "open"


def test_only_managers_change_settings_archive_and_delete(make_group) -> None:
    group = make_group()
    for decide in (
        lambda a: g.decide_change_settings(ChangeSettings("g", title="N"), group, a),
        lambda a: g.decide_archive("g", group, a),
        lambda a: g.decide_delete("g", group, a),
    ):
        with pytest.raises(NotAllowed):
            decide(MEMBER)
    admin = Actor("pa", platform_admin=True)
    assert isinstance(g.decide_archive("g", group, admin).group[0], GroupArchived)


def test_archived_group_refuses_settings_but_can_be_unarchived(make_group) -> None:
    archived = make_group(archived=True)
    with pytest.raises(Archived):
        g.decide_change_settings(ChangeSettings("g", title="N"), archived, OWNER)
    assert g.decide_archive("g", archived, OWNER).empty
    assert not g.decide_unarchive("g", archived, OWNER).empty
    assert g.decide_unarchive("g", make_group(), OWNER).empty


def test_delete_is_idempotent_for_managers_and_hidden_from_others(make_group) -> None:
    deleted = evolve_group(make_group(), GroupDeleted(group_id="g"))
    assert g.decide_delete("g", deleted, OWNER).empty
    with pytest.raises(GroupNotFound):
        g.decide_delete("g", deleted, MEMBER)
    with pytest.raises(GroupNotFound):
        g.decide_archive("g", make_group("secret"), OUTSIDER)
