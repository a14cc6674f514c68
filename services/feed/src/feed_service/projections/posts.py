"""Read models ``posts``, ``post_history`` and ``pins`` from the post and pin streams.

Hiding and restoring (moderation) live in ``moderation``, which writes ``posts`` too.
"""

from __future__ import annotations

from typing import Any

from collab_events.feed import (
    PostDeleted,
    PostEdited,
    PostPinned,
    PostPublished,
    PostUnpinned,
)
from servicekit.guarded import replace_if_newer
from servicekit.projection import EventContext

from feed_service.projections.feed import FEED, sort_key
from feed_service.projections.names import HISTORY, MODERATION, PINS, POSTS
from feed_service.projections.terms import search_terms

Doc = dict[str, Any]


def _content(event: PostPublished | PostEdited) -> Doc:
    return {
        "text": event.content.text,
        "links": [link.model_dump() for link in event.content.links],
        "attachments": [a.model_dump() for a in event.content.attachments],
        "mentions": list(event.mentions),
        "topics": list(event.topics),
        "visibility": event.visibility,
        "terms": search_terms(event.content.text),
    }


def _record_version(event: PostPublished | PostEdited, ctx: EventContext) -> None:
    """One history entry per version (natural key: a redelivery rewrites the same entry)."""
    entry = {"post_id": event.post_id, "version": ctx.version, "at": ctx.envelope.time}
    key = f"{event.post_id}:{ctx.version}"
    content = {k: v for k, v in _content(event).items() if k != "terms"}
    ctx.writes.upsert_if_newer(ctx.models[HISTORY], key, ctx.version, {**entry, **content})


@FEED.on(PostPublished, batched=True)
async def add_post(event: PostPublished, ctx: EventContext) -> None:
    """A new post document and its first history entry."""
    at = ctx.envelope.time
    doc = {
        "author_id": event.author_id,
        "group_id": event.group_id,
        "profile_id": event.profile_id,
        "created_at": at,
        "edited_at": None,
        "key": sort_key(at, event.post_id),
        "deleted": False,
        "hidden": False,
        **_content(event),
    }
    ctx.writes.upsert_if_newer(ctx.models[POSTS], event.post_id, ctx.version, doc)
    _record_version(event, ctx)


@FEED.on(PostEdited, batched=True)
async def apply_edit(event: PostEdited, ctx: EventContext) -> None:
    """The new content, ``edited_at``, and a history entry."""
    fields = {**_content(event), "edited_at": ctx.envelope.time}
    ctx.writes.upsert_if_newer(ctx.models[POSTS], event.post_id, ctx.version, fields)
    _record_version(event, ctx)


@FEED.on(PostDeleted)
async def remove_post(event: PostDeleted, ctx: EventContext) -> None:
    """A tombstone without content (it keeps the version guard); the history goes."""
    tombstone = {"author_id": event.author_id, "group_id": event.group_id, "deleted": True}
    await replace_if_newer(ctx.models[POSTS], event.post_id, ctx.version, tombstone)
    await ctx.models[HISTORY].delete_many({"post_id": event.post_id})
    await ctx.models[MODERATION].delete_one({"_id": event.post_id})  # nothing left to judge


@FEED.on(PostPinned)
async def record_pin(event: PostPinned, ctx: EventContext) -> None:
    """The group's pin set with this post pinned (until its expiry)."""
    assert event.group_id is not None  # pins exist in groups only
    pin = {"post_id": event.post_id, "until": event.until, "at": ctx.envelope.time}
    await _change_pins(ctx, event.group_id, event.post_id, pin)


@FEED.on(PostUnpinned)
async def drop_pin(event: PostUnpinned, ctx: EventContext) -> None:
    """The group's pin set without this post."""
    assert event.group_id is not None
    await _change_pins(ctx, event.group_id, event.post_id, None)


async def _change_pins(ctx: EventContext, group_id: str, post_id: str, pin: Doc | None) -> None:
    """Read-modify-write guarded by the pins stream (one stream's events arrive in order)."""
    pins = ctx.models[PINS]
    doc = await pins.find_one({"_id": group_id}) or {"pins": []}
    if int(doc.get("_v") or 0) >= ctx.version:
        return
    kept = [p for p in doc["pins"] if p["post_id"] != post_id]
    await replace_if_newer(pins, group_id, ctx.version, {"pins": kept + ([pin] if pin else [])})
