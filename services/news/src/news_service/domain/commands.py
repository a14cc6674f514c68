"""Commands: one frozen dataclass per use case, with every input its decision needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from collab_events.news import ArticleContent

from news_service.domain.model import ArticleState, Caller, ChannelState


@dataclass(frozen=True, slots=True)
class CreateChannel:
    """A platform admin creates a channel and names its editors."""

    channel_id: str
    title: str
    description: str
    editors: tuple[str, ...]
    caller: Caller


@dataclass(frozen=True, slots=True)
class UpdateChannel:
    """A platform admin changes a channel (None: unchanged)."""

    channel_id: str
    caller: Caller
    title: str | None = None
    description: str | None = None
    editors: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What an article decision reads: the article and its channel."""

    article: ArticleState
    channel: ChannelState


@dataclass(frozen=True, slots=True)
class Frozen:
    """The audience taken at publication: its size and, for a must-read, the stored list."""

    size: int
    snapshot_id: str | None = None
    digest: str | None = None


@dataclass(frozen=True, slots=True)
class DraftArticle:
    """An editor drafts an article in a channel."""

    article_id: str
    channel_id: str
    content: ArticleContent
    caller: Caller


@dataclass(frozen=True, slots=True)
class EditArticle:
    """Replace the content; a published article's edit publishes the next version."""

    article_id: str
    content: ArticleContent
    caller: Caller
    now: datetime
    material: bool = False
    frozen: Frozen | None = None


@dataclass(frozen=True, slots=True)
class ScheduleArticle:
    """Publish at ``publish_at`` (the worker's timer does it)."""

    article_id: str
    publish_at: datetime
    caller: Caller
    now: datetime


@dataclass(frozen=True, slots=True)
class PublishArticle:
    """Publish now (a caller) or because its time came (the timer: ``caller`` None)."""

    article_id: str
    now: datetime
    frozen: Frozen
    caller: Caller | None = None


@dataclass(frozen=True, slots=True)
class WithdrawArticle:
    """Unpublish (``archive`` False) or archive an article."""

    article_id: str
    caller: Caller
    archive: bool = False


@dataclass(frozen=True, slots=True)
class RecordRead:
    """The first read of an article by an employee (version and language served)."""

    article_id: str
    employee_id: str
    version: int
    language: str


@dataclass(frozen=True, slots=True)
class Acknowledge:
    """An employee acknowledges a must-read at its current version."""

    article_id: str
    employee_id: str
    version: int
    language: str


@dataclass(frozen=True, slots=True)
class SendReminders:
    """Remind the pending employees of one round (the timer)."""

    article_id: str
    round: int
    version: int
    pending: tuple[str, ...]
    acknowledge_by: str | None = None


@dataclass(frozen=True, slots=True)
class AddEntrants:
    """Oblige the employees who entered a live must-read's audience after publication."""

    article_id: str
    candidates: tuple[str, ...]
