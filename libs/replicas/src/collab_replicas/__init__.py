"""Replicas of other services' public facts, built from ``collab_events`` contracts only.

People (profile facts, active, erased), who follows whom, groups and memberships: each
service instantiates them in its own database, as a projection of their own
(``people_projection``, ``groups_projection``) or mounted into one of its projections
(``register_people``, ``register_follows``, ``register_groups``), and reads them through
``Replicas`` (``PeopleReplica``, ``FollowsReplica``, ``GroupsReplica``).
"""

from __future__ import annotations

from collab_replicas.access import NO_ACCESS, Access, decide_access
from collab_replicas.audience import Audience, Criteria
from collab_replicas.follow_queries import FollowsReplica
from collab_replicas.follows import register_follows
from collab_replicas.group_queries import GroupsReplica
from collab_replicas.groups import register_groups
from collab_replicas.mentions import mention_handles
from collab_replicas.models import GroupFacts, Membership, Mention, Person
from collab_replicas.mounting import PeopleMount, StatusListener
from collab_replicas.names import Collections
from collab_replicas.people import register_people
from collab_replicas.people_queries import PeopleReplica
from collab_replicas.projections import groups_projection, people_projection
from collab_replicas.replicas import Replicas
from collab_replicas.status import UNKNOWN, PersonStatus, follow_status, is_active, status_of

__all__ = [
    "NO_ACCESS",
    "UNKNOWN",
    "Access",
    "Audience",
    "Collections",
    "Criteria",
    "FollowsReplica",
    "GroupFacts",
    "GroupsReplica",
    "Membership",
    "Mention",
    "PeopleMount",
    "PeopleReplica",
    "Person",
    "PersonStatus",
    "Replicas",
    "StatusListener",
    "decide_access",
    "follow_status",
    "groups_projection",
    "is_active",
    "mention_handles",
    "people_projection",
    "register_follows",
    "register_groups",
    "register_people",
    "status_of",
]
