"""The ``members`` projection: memberships, the people replica and member counts.

One projection (one consumer group) for the three collections because they are
kept consistent with each other: a membership's active flag follows the
person's profile state, and counts follow both. Its handlers live in
``memberships.py`` (group events) and ``people.py`` (profile events).
"""

from __future__ import annotations

from servicekit.projection import Projection, ReadModels

from group_service.projections.names import COUNTS, MEMBERSHIPS, PEOPLE

MEMBERS_PROJECTION = Projection(
    name="members", sources=("group", "profile"), collections=(MEMBERSHIPS, PEOPLE, COUNTS)
)


@MEMBERS_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """Indexes of member lists, bucket counts and someone's memberships."""
    memberships = models[MEMBERSHIPS]
    # Member lists, pending requests and invitations: equality prefix + sort-key window.
    await memberships.create_index([("group_id", 1), ("status", 1), ("active", 1), ("sort_key", 1)])
    # Counting one bucket of a group.
    await memberships.create_index([("group_id", 1), ("bucket", 1), ("status", 1), ("active", 1)])
    # Someone's groups, and their memberships on deactivation or erasure.
    await memberships.create_index([("employee_id", 1), ("status", 1)])
    # Invitations someone sent (their data export).
    await memberships.create_index([("invited_by", 1), ("status", 1)])
    await models[COUNTS].create_index("group_id")
