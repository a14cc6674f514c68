"""Replicas as projections of their own, for a service that needs nothing else in them.

A service either instantiates one of these (its own consumer group and collections) or
mounts the ``register_*`` functions into a projection of its own, next to its handlers,
to react to people's status changes in the same consumer (see README).
"""

from __future__ import annotations

from servicekit.projection import Projection

from collab_replicas.follows import register_follows
from collab_replicas.groups import register_groups
from collab_replicas.mounting import StatusListener
from collab_replicas.names import Collections
from collab_replicas.people import register_people


def people_projection(
    name: str = "people",
    *,
    collections: Collections = Collections(),
    follows: bool = True,
    on_status_change: StatusListener | None = None,
) -> Projection:
    """People (and, unless ``follows=False``, who follows whom) from the profile topic."""
    names = (collections.people, collections.follows) if follows else (collections.people,)
    projection = Projection(name=name, sources=("profile",), collections=names)
    people = register_people(
        projection, collection=collections.people, on_status_change=on_status_change
    )
    if follows:
        register_follows(projection, people, collection=collections.follows)
    return projection


def groups_projection(
    name: str = "replicas",
    *,
    collections: Collections = Collections(),
    follows: bool = True,
    on_status_change: StatusListener | None = None,
) -> Projection:
    """Groups and memberships with the people replica they depend on (both topics).

    People come along because a membership's active flag and its deletion on erasure
    follow the person: one projection keeps them consistent and rebuilds them together.
    """
    names = [collections.people, collections.groups, collections.memberships]
    if follows:
        names.append(collections.follows)
    projection = Projection(name=name, sources=("group", "profile"), collections=tuple(names))
    people = register_people(
        projection, collection=collections.people, on_status_change=on_status_change
    )
    register_groups(
        projection, people, groups=collections.groups, memberships=collections.memberships
    )
    if follows:
        register_follows(projection, people, collection=collections.follows)
    return projection
