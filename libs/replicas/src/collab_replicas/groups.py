"""The groups replica's handlers: each group's access facts, per ``group:<g>`` stream.

Kept: title, visibility, join policy, archived, deleted, owners: what deciding "may X
see, read, post in G" and showing a group's name need. Every event sets only the facts
it changes, guarded by the group stream's version, so no read-modify-write is needed.
"""

from __future__ import annotations

from typing import Any

from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupDeleted,
    GroupOwnersChanged,
    GroupSettingsChanged,
    GroupUnarchived,
)
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection

from collab_replicas.memberships import MEMBERSHIPS, register_memberships
from collab_replicas.mounting import PeopleMount, exclusive

GROUPS = "groups"
SETTINGS = ("title", "visibility", "join_policy")
Doc = dict[str, Any]


def register_groups(
    projection: Projection,
    people: PeopleMount,
    *,
    groups: str = GROUPS,
    memberships: str = MEMBERSHIPS,
) -> None:
    """Mount the groups and memberships replicas next to ``people`` into ``projection``."""
    on = exclusive(projection)

    async def set_facts(group_id: str, ctx: EventContext, fields: Doc) -> None:
        await upsert_if_newer(ctx.models[groups], group_id, ctx.version, fields)

    @on(GroupCreated)
    async def add_group(event: GroupCreated, ctx: EventContext) -> None:
        facts = {k: getattr(event, k) for k in SETTINGS}
        owners = {"owners": [event.owner_id], "archived": False, "deleted": False}
        await set_facts(event.group_id, ctx, {**facts, **owners})

    @on(GroupSettingsChanged)
    async def change_settings(event: GroupSettingsChanged, ctx: EventContext) -> None:
        facts = {k: getattr(event, k) for k in SETTINGS if getattr(event, k) is not None}
        await set_facts(event.group_id, ctx, facts)

    @on(GroupArchived)
    async def make_read_only(event: GroupArchived, ctx: EventContext) -> None:
        await set_facts(event.group_id, ctx, {"archived": True})

    @on(GroupUnarchived)
    async def make_writable(event: GroupUnarchived, ctx: EventContext) -> None:
        await set_facts(event.group_id, ctx, {"archived": False})

    @on(GroupDeleted)
    async def mark_deleted(event: GroupDeleted, ctx: EventContext) -> None:
        await set_facts(event.group_id, ctx, {"deleted": True})

    @on(GroupOwnersChanged)
    async def set_owners(event: GroupOwnersChanged, ctx: EventContext) -> None:
        await set_facts(event.group_id, ctx, {"owners": list(event.owners)})

    register_memberships(projection, people, collection=memberships)
