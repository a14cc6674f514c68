"""The owner policy as the runtime consumes it: bound to its ports, fed redeliveries."""

from __future__ import annotations

from collab_events import new_envelope
from collab_events.group import (
    GroupInvitationDeclined,
    GroupMemberRemoved,
    GroupMemberRoleChanged,
)
from collab_events.profile import EmployeeDeactivated, EmployeeErased
from group_service.domain.commands import CreateGroup
from group_service.domain.model import Caller
from group_service.handlers import groups, membership, requests
from group_service.handlers.departures import groups_related_to
from group_service.policies import OWNERS
from servicekit.projection import EventContext, ReadModels

OWNER = Caller("owner")


def delivered(event, version: int = 2) -> EventContext:
    """The context the runtime hands a consumer for one profile event."""
    envelope = new_envelope(
        event, subject=f"employee:{event.employee_id}", streamversion=version, correlation_id="c-1"
    )
    return EventContext(envelope, ReadModels(None))  # type: ignore[arg-type]


async def owned_group_with_admin(ports, group_id: str = "g") -> None:
    await groups.create_group(ports, CreateGroup(group_id, OWNER, "Guild"))
    await membership.join(ports, group_id, Caller("adm"))
    await membership.change_role(ports, group_id, "adm", "admin", OWNER)


async def test_a_redelivered_deactivation_hands_over_once(ports, store, directory) -> None:
    await owned_group_with_admin(ports)
    directory.deactivated.add("owner")
    directory.admins["g"] = ["adm"]
    handle = OWNERS.consumer(store, ports).handlers[EmployeeDeactivated]
    ctx = delivered(EmployeeDeactivated(employee_id="owner"))
    await handle(EmployeeDeactivated(employee_id="owner"), ctx)
    await handle(EmployeeDeactivated(employee_id="owner"), ctx)  # at-least-once delivery
    changes = [r for r in await store.load("group:g/member:adm") if r.envelope.streamversion > 2]
    assert [type(r.event) for r in changes] == [GroupMemberRoleChanged]
    assert changes[0].event.role == "owner"
    assert changes[0].envelope.causationid == ctx.envelope.id
    assert changes[0].envelope.correlationid == "c-1"


async def test_an_erasure_ends_every_relation_once(ports, store) -> None:
    await owned_group_with_admin(ports)
    await groups.create_group(ports, CreateGroup("h", OWNER, "Other", join_policy="invite"))
    await membership.join(ports, "g", Caller("cem"))
    await requests.invite(ports, "h", "cem", OWNER)
    assert sorted(await groups_related_to(store, "cem")) == ["g", "h"]
    handle = OWNERS.consumer(store, ports).handlers[EmployeeErased]
    for _ in range(2):
        await handle(
            EmployeeErased(employee_id="cem"), delivered(EmployeeErased(employee_id="cem"))
        )
    [removed] = [r.event for r in await store.load("group:g/member:cem")][1:]
    assert removed == GroupMemberRemoved(group_id="g", employee_id="cem", reason="erased")
    [declined] = [type(r.event) for r in await store.load("group:h/member:cem")][1:]
    assert declined is GroupInvitationDeclined


async def test_the_policy_keeps_the_consumer_group_it_had_as_a_projection(store, ports) -> None:
    consumer = OWNERS.consumer(store, ports)
    assert (consumer.name, consumer.sources, consumer.collections) == (
        "owner_policy",
        ("profile",),
        (),
    )
    assert set(consumer.handlers) == {EmployeeDeactivated, EmployeeErased}
