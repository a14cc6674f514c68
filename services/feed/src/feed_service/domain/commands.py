"""Commands: one frozen dataclass per use case (imperative; the caller inside)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from collab_events.feed import Link, ReactionType

from feed_service.domain.model import Caller


@dataclass(frozen=True, slots=True)
class PublishPost:
    """Publish in a group, or on the caller's own profile when ``group_id`` is None."""

    post_id: str
    caller: Caller
    group_id: str | None
    text: str
    links: tuple[Link, ...] = ()
    attachments: tuple[str, ...] = ()  # ids of the caller's uploads, in display order


@dataclass(frozen=True, slots=True)
class EditPost:
    """Replace a post's text and links (its author only)."""

    post_id: str
    caller: Caller
    text: str
    links: tuple[Link, ...] = ()
    attachments: tuple[str, ...] = ()  # kept and new attachment ids, in display order


@dataclass(frozen=True, slots=True)
class DeletePost:
    """Delete a post (author, group moderators and up, platform admins)."""

    post_id: str
    caller: Caller


@dataclass(frozen=True, slots=True)
class PinPost:
    """Pin a post of the group to the top of its feed, until ``until`` if set."""

    group_id: str
    post_id: str
    caller: Caller
    until: datetime | None
    now: datetime


@dataclass(frozen=True, slots=True)
class UnpinPost:
    """Remove a pin."""

    group_id: str
    post_id: str
    caller: Caller


@dataclass(frozen=True, slots=True)
class AddComment:
    """Comment on a post, or reply to one of its top-level comments (``parent_id``)."""

    comment_id: str
    post_id: str
    caller: Caller
    text: str
    parent_id: str | None = None


@dataclass(frozen=True, slots=True)
class EditComment:
    """Replace a comment's text (its author only)."""

    comment_id: str
    post_id: str
    caller: Caller
    text: str


@dataclass(frozen=True, slots=True)
class DeleteComment:
    """Delete a comment (author, group moderators and up, platform admins)."""

    comment_id: str
    post_id: str
    caller: Caller


@dataclass(frozen=True, slots=True)
class SetReaction:
    """The caller's one reaction to a post (or a comment): a new type replaces the old."""

    post_id: str
    caller: Caller
    reaction: ReactionType
    comment_id: str | None = None


@dataclass(frozen=True, slots=True)
class RemoveReaction:
    """Take the caller's reaction back."""

    post_id: str
    caller: Caller
    comment_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReportPost:
    """Report a post to its moderators (once per person and post)."""

    post_id: str
    caller: Caller
    reason: str


@dataclass(frozen=True, slots=True)
class HidePost:
    """Hide a post from everyone but its author and moderators (a moderation action)."""

    post_id: str
    caller: Caller
    reason: str


@dataclass(frozen=True, slots=True)
class RestorePost:
    """Make a hidden post visible again."""

    post_id: str
    caller: Caller
    reason: str
