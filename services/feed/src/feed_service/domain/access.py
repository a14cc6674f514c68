"""Checks every decision shares: may the caller read, write, moderate where a post lives."""

from __future__ import annotations

from typing import Any, Literal

from feed_service.domain.errors import GroupArchived, MembersOnly, NotAllowed, PostNotFound
from feed_service.domain.model import Caller, PlaceView, PostState

DeleteReason = Literal["author", "moderator", "admin"]


def may_moderate(place: PlaceView, caller: Caller) -> bool:
    """A group's moderators and up moderate its posts; platform admins every post."""
    return place.moderator or caller.platform_admin


def ensure_readable(post: PostState, place: PlaceView, caller: Caller) -> None:
    """404 unless the post is live and the caller may read it (never say which).

    A hidden post is readable by its author and its moderators only.
    """
    if not post.live or not place.readable:
        raise PostNotFound()
    if post.hidden and post.author_id != caller.employee_id and not may_moderate(place, caller):
        raise PostNotFound()


def ensure_writable(place: PlaceView) -> None:
    """An archived group takes no new content."""
    if place.archived:
        raise GroupArchived()


def ensure_postable(place: PlaceView) -> None:
    """Posting needs active membership of a writable group (or the own profile)."""
    if place.postable:
        return
    if place.member and place.archived:
        raise GroupArchived()
    raise MembersOnly()


def deleter_role(post: PostState, place: PlaceView, caller: Caller) -> DeleteReason:
    """Why the caller may delete: author, moderator or admin; else 403."""
    if post.author_id == caller.employee_id:
        return "author"
    if place.moderator:
        return "moderator"
    if caller.platform_admin:
        return "admin"
    raise NotAllowed()


def where(post: PostState, place: PlaceView | None = None) -> dict[str, Any]:
    """The place fields of an event about ``post``: the group's current visibility if known."""
    visibility = post.visibility
    if post.group_id is not None and place is not None and place.visibility != "profile":
        visibility = place.visibility
    return {"group_id": post.group_id, "profile_id": post.profile_id, "visibility": visibility}
