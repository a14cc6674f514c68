"""Feed items that are not posts: news articles and group polls, and pages that mix them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from collab_events.polling import PollKind, Secrecy
from pydantic import BaseModel, Field

from feed_service.queries.views import PersonRef, PostView, Why


class ArticleItem(BaseModel):
    """A published news article, in the reader's language (``GET /v1/articles/{id}`` of news).

    ``language`` is the version served: the reader's locale, else its language, else the
    article's default; ``languages`` lists every version.
    """

    kind: Literal["article"] = "article"
    id: str
    channel_id: str
    version: int
    language: str
    languages: list[str]
    title: str
    summary: str
    must_read: bool
    acknowledge_by: str | None
    published_at: datetime
    updated_at: datetime
    why: Why | None = None


class PollOptionView(BaseModel):
    """One answer (or candidate) of a poll."""

    id: str
    label: str
    description: str


class PollItem(BaseModel):
    """A poll of a group (vote and results at the polling service, under its own rules).

    No count, turnout or result is shown here: a feed tells nothing about ballots.
    """

    kind: Literal["poll"] = "poll"
    id: str
    group_id: str
    owner: PersonRef
    question: str
    description: str
    poll_kind: PollKind
    secrecy: Secrecy
    options: list[PollOptionView]
    status: Literal["open", "closed", "cancelled"]
    opened_at: datetime
    closes_at: str
    ended_at: datetime | None
    why: Why | None = None


FeedItem = Annotated[PostView | ArticleItem | PollItem, Field(discriminator="kind")]


class FeedPage(BaseModel):
    """A page of a feed that mixes posts, articles and polls (told apart by ``kind``).

    ``next_cursor`` continues it (None: the end); items are newest first.
    """

    items: list[FeedItem]
    next_cursor: str | None
