"""Decisions about a group's pins: pin (until an optional expiry), unpin."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.feed import PostPinned, PostUnpinned
from servicekit.commands import NO_CHANGE, Decision

from feed_service.domain.access import where
from feed_service.domain.commands import PinPost, UnpinPost
from feed_service.domain.errors import GroupNotFound, NotAllowed, PostNotFound, TooManyPins
from feed_service.domain.model import Caller, PinsState, PlaceView, PostState
from feed_service.domain.streams import pins_subject

MAX_PINS = 5


@dataclass(frozen=True, slots=True)
class PinContext:
    """The group's pins, the post to pin and the group as the caller sees it."""

    pins: PinsState
    post: PostState
    place: PlaceView


def _ensure_pinner(group_id: str, ctx: PinContext, caller: Caller) -> None:
    if not ctx.place.visible:
        raise GroupNotFound()
    if not (ctx.place.moderator or caller.platform_admin):
        raise NotAllowed("Only the group's moderators, admins and owners may pin posts.")
    if not ctx.post.live or ctx.post.group_id != group_id:
        raise PostNotFound()


def decide_pin(command: PinPost, ctx: PinContext) -> Decision:
    """PostPinned; pinning again with the same expiry changes nothing."""
    _ensure_pinner(command.group_id, ctx, command.caller)
    active = ctx.pins.active(command.now)
    if command.post_id in active and active[command.post_id] == command.until:
        return NO_CHANGE
    if len(set(active) - {command.post_id}) >= MAX_PINS:
        raise TooManyPins()
    event = PostPinned(
        post_id=command.post_id,
        pinned_by=command.caller.employee_id,
        until=command.until,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(pins_subject(command.group_id), event)


def decide_unpin(command: UnpinPost, ctx: PinContext) -> Decision:
    """PostUnpinned; a post that is not pinned changes nothing."""
    if not ctx.place.visible:
        raise GroupNotFound()
    if not (ctx.place.moderator or command.caller.platform_admin):
        raise NotAllowed("Only the group's moderators, admins and owners may unpin posts.")
    if command.post_id not in dict(ctx.pins.pins):
        return NO_CHANGE
    event = PostUnpinned(
        post_id=command.post_id,
        unpinned_by=command.caller.employee_id,
        **where(ctx.post, ctx.place) if ctx.post.exists else _group_place(command, ctx.place),
    )
    return Decision.of(pins_subject(command.group_id), event)


def _group_place(command: UnpinPost, place: PlaceView) -> dict[str, str | None]:
    return {"group_id": command.group_id, "profile_id": None, "visibility": place.visibility}
