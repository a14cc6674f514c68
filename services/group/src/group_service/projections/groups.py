"""Read model ``groups``: the group directory (settings, lifecycle, owners, search terms)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collab_events.group import (
    GroupArchived,
    GroupCreated,
    GroupDeleted,
    GroupOwnerNeeded,
    GroupOwnersChanged,
    GroupSettingsChanged,
    GroupUnarchived,
)
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext, Projection, ReadModels

from group_service.text import facet_key, prefix_terms, sort_name

GROUPS = "groups"
Doc = dict[str, Any]


def derived(doc: Doc) -> Doc:
    """Fields computed from the settings: listing flag, sort key, search terms."""
    listed = not doc.get("deleted", False) and doc["visibility"] != "secret"
    return {
        "listed": listed,
        "sort_name": sort_name(doc["title"], doc["_id"]),
        "terms": prefix_terms(doc["title"], *doc["tags"]),
        "tag_keys": [facet_key(t) for t in doc["tags"]],
    }


def groups_projection() -> Projection:
    """The ``groups`` projection with its handlers."""
    projection = Projection(name="groups", sources=("group",), collections=(GROUPS,))

    @projection.setup
    async def create_indexes(models: ReadModels) -> None:
        groups = models[GROUPS]
        await groups.create_index("sort_name")
        await groups.create_index("terms")
        await groups.create_index("tag_keys")
        await groups.create_index([("needs_owner", 1), ("sort_name", 1)])

    @projection.on(GroupCreated)
    async def add_group_to_directory(event: GroupCreated, ctx: EventContext) -> None:
        doc = {
            "_id": event.group_id,
            "title": event.title,
            "description": event.description,
            "language": event.language,
            "tags": list(event.tags),
            "visibility": event.visibility,
            "join_policy": event.join_policy,
            "archived": False,
            "deleted": False,
            "owners": [event.owner_id],
            "needs_owner": False,
            "created_at": ctx.envelope.time,
        }
        fields = {k: v for k, v in doc.items() if k != "_id"}
        await upsert_if_newer(
            ctx.models[GROUPS], event.group_id, ctx.version, {**fields, **derived(doc)}
        )

    @projection.on(GroupSettingsChanged)
    async def update_group_settings(event: GroupSettingsChanged, ctx: EventContext) -> None:
        changes = event.model_dump(exclude={"group_id"}, exclude_none=True)
        await _merge(ctx, event.group_id, lambda doc: changes)

    @projection.on(GroupArchived)
    async def mark_group_archived(event: GroupArchived, ctx: EventContext) -> None:
        await _merge(ctx, event.group_id, lambda doc: {"archived": True})

    @projection.on(GroupUnarchived)
    async def mark_group_writable(event: GroupUnarchived, ctx: EventContext) -> None:
        await _merge(ctx, event.group_id, lambda doc: {"archived": False})

    @projection.on(GroupDeleted)
    async def hide_deleted_group(event: GroupDeleted, ctx: EventContext) -> None:
        await _merge(ctx, event.group_id, lambda doc: {"deleted": True})

    @projection.on(GroupOwnersChanged)
    async def record_owners(event: GroupOwnersChanged, ctx: EventContext) -> None:
        def owners(doc: Doc) -> Doc:
            added = set(event.owners) - set(doc.get("owners", []))
            return {
                "owners": list(event.owners),
                "needs_owner": bool(doc.get("needs_owner")) and not added,
            }

        await _merge(ctx, event.group_id, owners)

    @projection.on(GroupOwnerNeeded)
    async def flag_group_for_admins(event: GroupOwnerNeeded, ctx: EventContext) -> None:
        await _merge(ctx, event.group_id, lambda doc: {"needs_owner": True})

    return projection


async def _merge(ctx: EventContext, group_id: str, change: Callable[[Doc], Doc]) -> None:
    """Read-modify-write of one group document, guarded by the group stream version.

    Safe because one stream's events arrive in order on one partition.
    """
    collection = ctx.models[GROUPS]
    doc = await collection.find_one({"_id": group_id})
    if doc is None or doc["_v"] >= ctx.version:
        return
    merged = {**doc, **change(doc)}
    fields = {k: v for k, v in merged.items() if k not in ("_id", "_v")}
    await upsert_if_newer(collection, group_id, ctx.version, {**fields, **derived(merged)})
