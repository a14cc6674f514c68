"""The composition root and the module-level read models, without servers."""

from __future__ import annotations

from collab_events.group import (
    GroupInvitationDeclined,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberJoined,
    GroupMemberLeft,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
)
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    EmployeeRegistered,
)
from group_service.app import definition
from group_service.config import Settings
from group_service.handlers.ports import Ports
from group_service.projections import MEMBERS_PROJECTION
from group_service.queries.directory import ReadModelDirectory
from servicekit.service import ServiceRuntime

MEMBERSHIP_EVENTS = {
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupInvitationDeclined,
    GroupMemberJoined,
    GroupMemberRoleChanged,
    GroupMemberLeft,
    GroupMemberRemoved,
}
PROFILE_EVENTS = {
    EmployeeRegistered,
    EmployeeProfileUpdated,
    EmployeeDeactivated,
    EmployeeReactivated,
    EmployeeErased,
}


def test_the_members_projection_has_every_handler_registered() -> None:
    assert set(MEMBERS_PROJECTION.handlers) == MEMBERSHIP_EVENTS | PROFILE_EVENTS


async def test_the_runtime_builds_the_ports_the_policy_and_the_store_index() -> None:
    runtime = ServiceRuntime(Settings(mongo_url="mongodb://127.0.0.1:9"), definition())
    try:
        assert [c.name for c in runtime.consumers] == ["groups", "members", "owner_policy"]
        assert isinstance(runtime.ports, Ports) and runtime.ports.store is runtime.store
        assert isinstance(runtime.ports.directory, ReadModelDirectory)
        assert runtime.store.indexed_fields == ("employee_id",)
    finally:
        await runtime.client.close()
