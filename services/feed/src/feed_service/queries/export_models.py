"""What ``GET /v1/me/export`` answers: the caller's own records in the feed service."""

from __future__ import annotations

from datetime import datetime

from collab_events.feed import Place, ReactionType
from pydantic import BaseModel, Field

from feed_service.domain.settings import Order


class ExportedLink(BaseModel):
    """A link of a post."""

    url: str = Field(description="Where it points.")
    title: str = Field(description="The title it is shown under.")


class ExportedAttachment(BaseModel):
    """A file's metadata (no bytes, no URL: the post's attachment route hands it out)."""

    id: str = Field(description="The attachment's id.")
    name: str = Field(description="The file name as uploaded.")
    content_type: str = Field(description="The type detected from the stored bytes.")
    size: int = Field(description="Its size in bytes.")
    preview: bool = Field(description="An image thumbnail is stored beside it.")


class ExportedVersion(BaseModel):
    """One version of a post's content, as ``GET /v1/posts/{id}/history`` serves it."""

    version: int = Field(description="The post stream's version that wrote it.")
    text: str = Field(description="The text of this version.")
    links: list[ExportedLink] = Field(description="Its links.")
    mentions: list[str] = Field(description="Employee ids it mentions (``@{id}`` in the text).")
    topics: list[str] = Field(description="Its topics (folded hashtags).")
    attachments: list[ExportedAttachment] = Field(description="The files it had.")
    at: datetime = Field(description="When this version was written.")


class MyPost(BaseModel):
    """A post I wrote; a deleted one keeps only its id, place and the deleted flag."""

    id: str = Field(description="The post's id.")
    group_id: str | None = Field(description="The group it is in (None: a profile post).")
    profile_id: str | None = Field(description="The profile it is on (None: a group post).")
    visibility: Place | None = Field(description="Who may read it (None once deleted).")
    text: str = Field(description="Its current text (empty once deleted).")
    links: list[ExportedLink] = Field(description="Its current links.")
    topics: list[str] = Field(description="Its current topics.")
    mentions: list[str] = Field(description="Employee ids it mentions now.")
    attachments: list[ExportedAttachment] = Field(description="Its current files.")
    created_at: datetime | None = Field(description="When I published it (None once deleted).")
    edited_at: datetime | None = Field(description="My last edit (None: never edited).")
    deleted: bool = Field(description="I (or erasure) deleted it; its content is gone.")
    hidden: bool = Field(description="Moderators hid it from everyone but me and them.")
    history: list[ExportedVersion] = Field(description="Every version, oldest first.")


class MyComment(BaseModel):
    """A comment or reply I wrote; a deleted one keeps its ids and the deleted flag."""

    id: str = Field(description="The comment's id.")
    post_id: str = Field(description="The post it is on.")
    parent_id: str | None = Field(description="The comment it replies to (None: top level).")
    text: str = Field(description="Its current text (empty once deleted).")
    mentions: list[str] = Field(description="Employee ids it mentions.")
    created_at: datetime | None = Field(description="When I wrote it (None once deleted).")
    edited_at: datetime | None = Field(description="My last edit (None: never edited).")
    deleted: bool = Field(description="It was deleted; its text is gone.")


class MyReaction(BaseModel):
    """My current reaction to a post or to one comment of it."""

    post_id: str = Field(description="The post reacted to (or whose comment).")
    comment_id: str | None = Field(description="The comment reacted to (None: the post).")
    reaction: ReactionType = Field(description="The reaction type.")


class MyFeedSettings(BaseModel):
    """My home-feed settings."""

    order: Order | None = Field(description="The order I chose (None: never chosen).")


class MyReport(BaseModel):
    """A report I filed about a post (never who else reported it, nor what they said)."""

    post_id: str = Field(description="The post I reported.")
    reason: str | None = Field(description="The reason I gave.")
    reported_at: datetime | None = Field(description="When I reported it.")


class FeedExport(BaseModel):
    """Everything the feed service holds about me (Art. 15/20), one document."""

    employee_id: str = Field(description="Whose export this is (the caller).")
    exported_at: datetime = Field(description="When it was made.")
    posts: list[MyPost] = Field(description="My posts with their edit history.")
    comments: list[MyComment] = Field(description="My comments and replies.")
    reactions: list[MyReaction] = Field(description="My current reactions.")
    feed_settings: MyFeedSettings = Field(description="My feed settings.")
    reports: list[MyReport] = Field(description="Reports I filed of posts still held.")
