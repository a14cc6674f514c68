"""What ``GET /v1/me/export`` answers: the caller's own records in the news service."""

from __future__ import annotations

from datetime import datetime

from collab_events.news import ReactionType
from pydantic import BaseModel, Field


class PublishedVersion(BaseModel):
    """One published version of an article the caller authored."""

    version: int = Field(description="The article's version number (1 is the first).")
    published_at: str = Field(description="When this version went live (ISO 8601).")
    titles: dict[str, str] = Field(description="Its title per language tag.")


class AuthoredArticle(BaseModel):
    """An article the caller drafted, with every version's titles."""

    id: str = Field(description="The article's id.")
    channel_id: str = Field(description="The channel it is in.")
    status: str = Field(description="draft, scheduled, published, unpublished or archived.")
    version: int = Field(description="The published version now (0: never published).")
    default_language: str = Field(description="The version served when none fits.")
    titles: dict[str, str] = Field(description="The current title per language tag.")
    must_read: bool = Field(description="Readers must acknowledge it.")
    created_at: datetime = Field(description="When the draft was created.")
    updated_at: datetime = Field(description="The article's last change.")
    publish_at: str | None = Field(default=None, description="Scheduled publication time.")
    first_published_at: str | None = Field(default=None, description="Version 1's time.")
    published_at: str | None = Field(default=None, description="The current version's time.")
    versions: list[PublishedVersion] = Field(description="Every published version, oldest first.")


class MyComment(BaseModel):
    """A live comment the caller wrote (deleted comments leave the read model)."""

    id: str = Field(description="The comment's id.")
    article_id: str = Field(description="The article commented on.")
    text: str = Field(description="What I wrote (its newest edit).")
    created_at: datetime = Field(description="When I wrote it.")
    edited_at: datetime | None = Field(default=None, description="The last edit.")


class MyReaction(BaseModel):
    """The caller's current reaction to an article or to one comment of it."""

    article_id: str = Field(description="The article reacted to (or whose comment).")
    comment_id: str | None = Field(default=None, description="Set for a reaction to a comment.")
    reaction: ReactionType = Field(description="My reaction's type.")


class MyReading(BaseModel):
    """The caller's first read and newest acknowledgement of one article."""

    article_id: str = Field(description="The article read.")
    read_at: datetime | None = Field(default=None, description="The first read.")
    read_version: int | None = Field(default=None, description="The version first read.")
    read_language: str | None = Field(default=None, description="The language served.")
    acknowledged_version: int | None = Field(default=None, description="Newest acknowledged.")
    acknowledged_language: str | None = Field(default=None, description="Its language.")
    acknowledged_at: datetime | None = Field(default=None, description="When acknowledged.")


class MyObligation(BaseModel):
    """A must-read the caller was obliged to read (frozen audience or later entrant)."""

    article_id: str = Field(description="The must-read.")
    since: str = Field(description="When the obligation began (ISO 8601).")


class MyChannel(BaseModel):
    """A channel the caller edits or created."""

    id: str = Field(description="The channel's id.")
    title: str = Field(description="Its title now.")
    editor: bool = Field(description="The caller is one of its editors.")
    created_by_me: bool = Field(description="The caller (a platform admin) created it.")


class MyMembership(BaseModel):
    """A group the caller is an active member of, as this service's replica knows it."""

    group_id: str = Field(description="The group's id (no title: the group service has it).")
    role: str | None = Field(default=None, description="My role in it.")
    since: datetime | None = Field(default=None, description="Member since.")


class KnownFacts(BaseModel):
    """The caller's profile facts as this service's replica holds them (audiences, language)."""

    active: bool = Field(description="False once deactivated or erased.")
    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    user_name: str | None = None
    job_title: str | None = None
    department: str | None = None
    organization: str | None = None
    country: str | None = None
    location: str | None = None
    manager_id: str | None = None
    languages: list[str] = Field(default_factory=list, description="Languages I speak.")
    locale: str | None = Field(default=None, description="Picks the language served to me.")
    timezone: str | None = None
    photo_url: str | None = None


class NewsExport(BaseModel):
    """Everything the news service holds about the caller (GDPR Art. 15/20).

    The service keeps no preferences of its own: the language it serves follows
    ``known_facts.locale`` (or ``?lang=``). Articles the caller did not author appear by id
    only, as their own records name them.
    """

    employee_id: str = Field(description="The caller (the token's subject).")
    exported_at: datetime = Field(description="When this document was put together (UTC).")
    known_facts: KnownFacts | None = Field(description="None: the replica has no record.")
    groups: list[MyMembership] = Field(description="Groups I am an active member of.")
    channels: list[MyChannel] = Field(description="Channels I edit or created.")
    authored_articles: list[AuthoredArticle] = Field(description="Articles I drafted.")
    comments: list[MyComment] = Field(description="My live comments, oldest first.")
    reactions: list[MyReaction] = Field(description="My reactions to articles and comments.")
    readings: list[MyReading] = Field(description="My first reads and acknowledgements.")
    must_read_obligations: list[MyObligation] = Field(description="Must-reads I was obliged to.")
