"""Composition root: the feed service's routers, projections, erasure policy and ports."""

from __future__ import annotations

from servicekit.service import ServiceDefinition, ServiceRuntime

from feed_service.api import ROUTERS
from feed_service.handlers.ports import Ports
from feed_service.policies import POLICIES
from feed_service.policies.erasure import AUTHOR_FIELD, REACTOR_FIELD
from feed_service.projections import PROJECTIONS
from feed_service.queries.places import ReplicaPlaces

DESCRIPTION = (
    "Posts in groups and on profiles, comments with one level of replies, reactions, "
    "mentions and topics; every read decided from the service's own replicas of people, "
    "groups and memberships."
)


def build_ports(runtime: ServiceRuntime) -> Ports:
    """What handlers use: the event store and the replicas' facts."""
    return Ports(runtime.store, ReplicaPlaces(runtime.models))


def definition() -> ServiceDefinition:
    """The feed service."""
    return ServiceDefinition(
        name="feed",
        title="Feed service",
        description=DESCRIPTION,
        routers=ROUTERS,
        projections=PROJECTIONS,
        policies=POLICIES,
        ports=build_ports,
        # The erasure policy finds a person's posts, comments and reactions by these fields.
        indexed_fields=[AUTHOR_FIELD, REACTOR_FIELD],
    )
