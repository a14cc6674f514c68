"""The group service's copy of people: the shared people replica, mounted into ``members``.

``collab_replicas`` keeps the profile facts (member lists show name, job title and
department), the active flag and the erasure tombstone. This module adds the group
service's reaction to a status change: memberships follow the person, member counts are
recounted, and an erased person's memberships are deleted.
"""

from __future__ import annotations

from collab_replicas import PersonStatus, is_active, register_people
from servicekit.projection import ReadModels

from group_service.projections.counts import recount
from group_service.projections.keys import bucket_of
from group_service.projections.members import MEMBERS_PROJECTION
from group_service.projections.names import MEMBERSHIPS, PEOPLE

__all__ = ["PEOPLE", "is_active", "sync_memberships"]


async def sync_memberships(models: ReadModels, employee_id: str, status: PersonStatus) -> None:
    """Make the person's memberships follow their status and recount their groups.

    Idempotent under redelivery: a replay recounts again, and an erasure deletes
    the memberships only after the counts no longer include them.
    """
    memberships = models[MEMBERSHIPS]
    await memberships.update_many(
        {"employee_id": employee_id, "active": {"$ne": status.active}},
        {"$set": {"active": status.active}},
    )
    member_of = memberships.find({"employee_id": employee_id, "status": "member"}, {"group_id": 1})
    for group_id in dict.fromkeys([doc["group_id"] async for doc in member_of]):
        await recount(models, group_id, bucket_of(employee_id))
    if status.erased:
        await memberships.delete_many({"employee_id": employee_id})


# No user-name or audience indexes: this service only shows people and checks status.
register_people(
    MEMBERS_PROJECTION, collection=PEOPLE, on_status_change=sync_memberships, indexes=False
)
