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

from group_service.projections.names import GROUPS
from group_service.text import facet_key, prefix_terms, sort_name

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


GROUPS_PROJECTION = Projection(name="groups", sources=("group",), collections=(GROUPS,))


@GROUPS_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """Indexes of the directory order, search terms, tags and flagged groups."""
    groups = models[GROUPS]
    await groups.create_index("sort_name")
    await groups.create_index("terms")
    await groups.create_index("tag_keys")
    await groups.create_index([("needs_owner", 1), ("sort_name", 1)])


@GROUPS_PROJECTION.on(GroupCreated)
async def add_group_to_directory(event: GroupCreated, ctx: EventContext) -> None:
    """A new group document with its creator as owner."""
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


@GROUPS_PROJECTION.on(GroupSettingsChanged)
async def update_group_settings(event: GroupSettingsChanged, ctx: EventContext) -> None:
    """The changed settings (and the fields derived from them)."""
    changes = event.model_dump(exclude={"group_id"}, exclude_none=True)
    await _merge(ctx, event.group_id, lambda doc: changes)


@GROUPS_PROJECTION.on(GroupArchived)
async def mark_group_archived(event: GroupArchived, ctx: EventContext) -> None:
    """The group is read-only."""
    await _merge(ctx, event.group_id, lambda doc: {"archived": True})


@GROUPS_PROJECTION.on(GroupUnarchived)
async def mark_group_writable(event: GroupUnarchived, ctx: EventContext) -> None:
    """The group is writable again."""
    await _merge(ctx, event.group_id, lambda doc: {"archived": False})


@GROUPS_PROJECTION.on(GroupDeleted)
async def hide_deleted_group(event: GroupDeleted, ctx: EventContext) -> None:
    """A deleted group leaves every list."""
    await _merge(ctx, event.group_id, lambda doc: {"deleted": True})


@GROUPS_PROJECTION.on(GroupOwnersChanged)
async def record_owners(event: GroupOwnersChanged, ctx: EventContext) -> None:
    """The new owner set; a new owner clears the needs-owner flag."""

    def owners(doc: Doc) -> Doc:
        added = set(event.owners) - set(doc.get("owners", []))
        return {
            "owners": list(event.owners),
            "needs_owner": bool(doc.get("needs_owner")) and not added,
        }

    await _merge(ctx, event.group_id, owners)


@GROUPS_PROJECTION.on(GroupOwnerNeeded)
async def flag_group_for_admins(event: GroupOwnerNeeded, ctx: EventContext) -> None:
    """Platform admins find the group with ``needs_owner=true``."""
    await _merge(ctx, event.group_id, lambda doc: {"needs_owner": True})


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
