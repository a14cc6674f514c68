"""Channel, article, reader and reminder state, folded from their streams, and the caller."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from collab_events import Event
from collab_events.news import (
    ArticleAcknowledged,
    ArticleArchived,
    ArticleContent,
    ArticleDrafted,
    ArticlePublished,
    ArticleRead,
    ArticleScheduled,
    ArticleUnpublished,
    ArticleUpdated,
    ChannelCreated,
    ChannelEditorsChanged,
    ChannelUpdated,
    MustReadAudienceJoined,
    MustReadReminderDue,
)
from servicekit.commands import Aggregate

Status = Literal["none", "draft", "scheduled", "published", "unpublished", "archived"]
COMMUNICATOR = "communicator"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks: an employee, maybe a platform admin, with their token roles."""

    employee_id: str
    admin: bool = False
    roles: frozenset[str] = frozenset()

    @property
    def communicator(self) -> bool:
        """Holds the role that publishing needs."""
        return COMMUNICATOR in self.roles


@dataclass(frozen=True, slots=True)
class ChannelState:
    """A channel's title, description and editors."""

    exists: bool = False
    title: str = ""
    description: str = ""
    editors: tuple[str, ...] = ()

    def edits(self, caller: Caller) -> bool:
        """Editors and platform admins write articles in the channel."""
        return caller.admin or caller.employee_id in self.editors

    def publishes(self, caller: Caller) -> bool:
        """Publishing needs the communicator role and editorship (or a platform admin)."""
        return caller.admin or (caller.communicator and caller.employee_id in self.editors)


def evolve_channel(state: ChannelState, event: Event) -> ChannelState:
    """The channel after one of its events."""
    match event:
        case ChannelCreated():
            return ChannelState(True, event.title, event.description, tuple(event.editors))
        case ChannelUpdated():
            return replace(state, title=event.title, description=event.description)
        case ChannelEditorsChanged():
            return replace(state, editors=tuple(event.editors))
    return state


@dataclass(frozen=True, slots=True)
class ArticleState:
    """An article's content, where its lifecycle stands and its published versions."""

    status: Status = "none"
    channel_id: str = ""
    author_id: str = ""
    content: ArticleContent | None = None
    publish_at: str | None = None
    version: int = 0
    required_version: int = 0
    published: ArticlePublished | None = None
    snapshots: tuple[str, ...] = ()

    @property
    def exists(self) -> bool:
        """Drafted at some time."""
        return self.status != "none"

    @property
    def body(self) -> ArticleContent:
        """The current content; only for an article that exists."""
        assert self.content is not None
        return self.content

    @property
    def public(self) -> bool:
        """Readers may know it exists (published now, or archived after publication)."""
        return self.status == "published" or (self.status == "archived" and self.version > 0)


def evolve_article(state: ArticleState, event: Event) -> ArticleState:
    """The article after one of its events."""
    match event:
        case ArticleDrafted():
            return ArticleState("draft", event.channel_id, event.author_id, event.content)
        case ArticleUpdated():
            return replace(state, content=event.content)
        case ArticleScheduled():
            return replace(state, status="scheduled", publish_at=event.publish_at)
        case ArticlePublished():
            return _published(state, event)
        case ArticleUnpublished():
            return replace(state, status="unpublished", publish_at=None)
        case ArticleArchived():
            return replace(state, status="archived", publish_at=None)
    return state


def _published(state: ArticleState, event: ArticlePublished) -> ArticleState:
    required = state.required_version
    if event.requires_reacknowledgement or required == 0:
        required = event.article_version
    snapshots = (*state.snapshots, event.snapshot_id) if event.snapshot_id else state.snapshots
    return replace(
        state, status="published", publish_at=None, version=event.article_version,
        required_version=required, published=event, snapshots=snapshots,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReaderState:
    """Whether the employee read the article, and the newest version they acknowledged."""

    read: bool = False
    acknowledged_version: int = 0


def evolve_reader(state: ReaderState, event: Event) -> ReaderState:
    """The reader after one of their events."""
    match event:
        case ArticleRead():
            return replace(state, read=True)
        case ArticleAcknowledged():
            return replace(state, acknowledged_version=event.article_version)
    return state


@dataclass(frozen=True, slots=True)
class RoundsState:
    """Reminder rounds sent, or employees obliged later (one frozenset each)."""

    rounds: frozenset[int] = frozenset()
    entrants: frozenset[str] = frozenset()


def evolve_rounds(state: RoundsState, event: Event) -> RoundsState:
    """After a reminder or an entrants event."""
    match event:
        case MustReadReminderDue():
            return replace(state, rounds=state.rounds | {event.round})
        case MustReadAudienceJoined():
            return replace(state, entrants=state.entrants | set(event.employee_ids))
    return state


def parse_time(value: str) -> datetime:
    """An ISO 8601 time of an event (always with a zone)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_time(value: datetime) -> str:
    """The ISO 8601 form events keep (UTC, milliseconds, ``Z``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


CHANNEL = Aggregate(ChannelState, evolve_channel)
ARTICLE = Aggregate(ArticleState, evolve_article)
READER = Aggregate(ReaderState, evolve_reader)
ROUNDS = Aggregate(RoundsState, evolve_rounds)
