"""The caller, the place of a post as the caller sees it, and the state of each stream kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from collab_events.feed import (
    Attachment,
    CommentContent,
    Place,
    PostContent,
    ReactionSet,
    ReactionType,
)

MODERATOR_ROLES = frozenset({"owner", "admin", "moderator"})


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: an employee id and whether their token makes them a platform admin."""

    employee_id: str
    platform_admin: bool = False


@dataclass(frozen=True, slots=True)
class PlaceView:
    """What the caller may do where a post lives (from the service's replicas)."""

    visible: bool
    readable: bool
    postable: bool
    member: bool = False
    archived: bool = False
    role: str | None = None
    visibility: Place = "profile"

    @property
    def moderator(self) -> bool:
        """An active group member with the moderator role or above."""
        return self.member and self.role in MODERATOR_ROLES


PROFILE = PlaceView(visible=True, readable=True, postable=True, visibility="profile")
NOWHERE = PlaceView(visible=False, readable=False, postable=False)


@dataclass(frozen=True, slots=True)
class Draft:
    """Text ready to store: mention markers, their ids, folded topics, verified attachments."""

    text: str
    mentions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class PostState:
    """One post stream folded."""

    exists: bool = False
    deleted: bool = False
    hidden: bool = False
    author_id: str = ""
    group_id: str | None = None
    profile_id: str | None = None
    visibility: Place = "profile"
    content: PostContent = field(default_factory=PostContent)
    mentions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def live(self) -> bool:
        """Exists and not deleted."""
        return self.exists and not self.deleted


@dataclass(frozen=True, slots=True)
class PinsState:
    """A group's pins: post id -> until (None: no expiry)."""

    pins: tuple[tuple[str, datetime | None], ...] = ()

    def active(self, now: datetime) -> dict[str, datetime | None]:
        """The pins that have not expired at ``now``."""
        return {post: until for post, until in self.pins if until is None or until > now}


@dataclass(frozen=True, slots=True)
class CommentState:
    """One comment stream folded."""

    exists: bool = False
    deleted: bool = False
    post_id: str = ""
    parent_id: str | None = None
    author_id: str = ""
    content: CommentContent = field(default_factory=CommentContent)


@dataclass(frozen=True, slots=True)
class ReactionState:
    """One person's reaction to one post or comment (None: none), and the last one set."""

    reaction: ReactionType | None = None
    last: ReactionSet | None = None
