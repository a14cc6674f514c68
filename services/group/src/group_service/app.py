"""Composition root: the group service's routers, projections and start-up hooks."""

from __future__ import annotations

from servicekit.service import ServiceDefinition, ServiceRuntime

from group_service.api import routers
from group_service.projections.groups import groups_projection
from group_service.projections.members import members_projection
from group_service.projections.policy import owner_policy_projection

DESCRIPTION = (
    "Groups with visibility and join policies, membership, roles, and member lists "
    "with names from the service's own copy of profile events."
)


async def index_event_store(runtime: ServiceRuntime) -> None:
    """The owner policy finds an employee's membership streams by this index."""
    await runtime.store.events.create_index("data.employee_id", name="employee_streams")


def definition() -> ServiceDefinition:
    """The group service."""
    groups, members = groups_projection(), members_projection()
    return ServiceDefinition(
        name="group",
        title="Group service",
        description=DESCRIPTION,
        routers=routers(groups, members),
        projections=[groups, members, owner_policy_projection()],
        on_startup=[index_event_store],
    )
