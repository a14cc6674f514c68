"""Composition root: the group service's routers, projections, policy and their ports."""

from __future__ import annotations

from servicekit.service import ServiceDefinition, ServiceRuntime

from group_service.api import ROUTERS
from group_service.handlers.departures import EMPLOYEE_FIELD
from group_service.handlers.ports import Ports
from group_service.policies import POLICIES
from group_service.projections import PROJECTIONS
from group_service.queries.directory import ReadModelDirectory

DESCRIPTION = (
    "Groups with visibility and join policies, membership, roles, and member lists "
    "with names from the service's own copy of profile events."
)


def build_ports(runtime: ServiceRuntime) -> Ports:
    """What handlers and the owner policy use: the event store and the live read models."""
    return Ports(runtime.store, ReadModelDirectory(runtime.models))


def definition() -> ServiceDefinition:
    """The group service."""
    return ServiceDefinition(
        name="group",
        title="Group service",
        description=DESCRIPTION,
        routers=ROUTERS,
        projections=PROJECTIONS,
        policies=POLICIES,
        ports=build_ports,
        # The owner policy finds an employee's membership streams by this payload field.
        indexed_fields=[EMPLOYEE_FIELD],
    )
