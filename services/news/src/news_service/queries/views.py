"""What the read API answers: list items, the article view, pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.news import NewsAudience
from pydantic import BaseModel, Field

from news_service.domain.language import negotiate
from news_service.queries.reactions import Reactions

Doc = dict[str, Any]


class NewsItem(BaseModel):
    """One article in a reader's stream, in the reader's best language."""

    id: str
    channel_id: str
    version: int
    language: str = Field(description="The language version shown.")
    available_languages: list[str]
    title: str
    summary: str
    hero_image_url: str | None = None
    must_read: bool
    pending: bool = Field(description="A must-read I have not acknowledged at this version.")
    acknowledge_by: str | None = None
    published_at: str | None = None


class NewsPage(BaseModel):
    """Pending must-reads first (first page only), then newest first."""

    items: list[NewsItem]
    next_cursor: str | None = None


class ArticleView(BaseModel):
    """An article in one language, with its state and, for me, what it asks of me."""

    id: str
    channel_id: str
    status: str
    version: int = Field(description="The published version (0: never published).")
    required_version: int = Field(description="The version an acknowledgement must reach.")
    language: str = Field(description="The language version served.")
    available_languages: list[str]
    default_language: str
    title: str
    summary: str
    body: str
    hero_image_url: str | None = None
    must_read: bool
    acknowledge_by: str | None = None
    remind_every_s: int | None = None
    comments_enabled: bool
    published_at: str | None = None
    acknowledged_version: int = Field(default=0, description="My newest acknowledgement.")
    pending: bool = False
    audience: NewsAudience | None = Field(default=None, description="Editors only.")
    reactions: Reactions | None = Field(default=None, description="Now (not with as_of).")


class ChannelView(BaseModel):
    """A channel."""

    id: str
    title: str
    description: str
    editors: list[str]


class ChannelPage(BaseModel):
    """Channels by id."""

    items: list[ChannelView]
    next_cursor: str | None = None


def wanted_languages(lang: str | None, locale: str | None) -> list[str | None]:
    """``?lang=`` overrides the reader's locale."""
    return [lang] if lang else [locale]


def item_of(doc: Doc, wanted: list[str | None], pending: bool) -> NewsItem:
    """A list item from an ``articles`` document (its headlines, never the bodies)."""
    headlines: dict[str, dict[str, str]] = doc["headlines"]
    tag = negotiate(list(headlines), wanted, doc["default_language"])
    shown = headlines[tag]
    return NewsItem(
        id=doc["_id"], channel_id=doc["channel_id"], version=doc.get("version", 0),
        language=tag, available_languages=sorted(headlines), title=shown["title"],
        summary=shown["summary"], hero_image_url=doc.get("hero_image_url"),
        must_read=bool(doc.get("must_read")), pending=pending,
        acknowledge_by=doc.get("acknowledge_by"), published_at=doc.get("published_at"),
    )  # fmt: skip


class EditorialItem(BaseModel):
    """One article of a channel as its editors see it (any status)."""

    id: str
    status: str
    version: int
    title: str = Field(description="The default language's title.")
    languages: list[str]
    must_read: bool
    publish_at: str | None = None
    updated_at: datetime


class EditorialPage(BaseModel):
    """A channel's articles, newest first (by id, which is time-ordered)."""

    items: list[EditorialItem]
    next_cursor: str | None = None
