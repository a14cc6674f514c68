"""Response models of the queries (what a client reads)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from collab_events.feed import Place, ReactionType
from pydantic import BaseModel


class PersonRef(BaseModel):
    """Someone named in a view: current name from the people replica, and whether active."""

    employee_id: str
    display_name: str | None
    active: bool


class Mention(BaseModel):
    """A resolved mention: the text holds it as ``@{employee_id}``."""

    employee_id: str
    display_name: str


class LinkView(BaseModel):
    """A link of a post."""

    url: str
    title: str


class AttachmentView(BaseModel):
    """A file of a post: the type detected from its content; an image's thumbnail URL.

    ``preview_url`` is short-lived and signed; the file itself is handed out by
    ``GET /v1/posts/{id}/attachments/{attachment_id}``.
    """

    id: str
    name: str
    content_type: str
    size: int
    preview_url: str | None


class AttachmentDownload(BaseModel):
    """A short-lived signed URL of one attachment (and of its preview, for images)."""

    id: str
    post_id: str
    name: str
    content_type: str
    size: int
    url: str
    preview_url: str | None
    expires_at: datetime


class ReactionCounts(BaseModel):
    """How many people reacted with each type."""

    like: int = 0
    celebrate: int = 0
    support: int = 0
    insightful: int = 0
    curious: int = 0


class Reactions(BaseModel):
    """Counts per type and the caller's own reaction."""

    counts: ReactionCounts
    total: int
    mine: ReactionType | None


class Why(BaseModel):
    """Why a ranked item is where it is: its score and the reasons behind it."""

    score: float
    reasons: list[str]


class PostView(BaseModel):
    """One post as the caller may read it (``kind: post`` where feeds mix items)."""

    kind: Literal["post"] = "post"
    id: str
    author: PersonRef
    group_id: str | None
    profile_id: str | None
    visibility: Place
    text: str
    links: list[LinkView]
    attachments: list[AttachmentView] = []
    mentions: list[Mention]
    topics: list[str]
    created_at: datetime
    edited_at: datetime | None
    version: int
    pinned: bool
    pinned_until: datetime | None
    reactions: Reactions
    comment_count: int
    hidden: bool
    why: Why | None = None


class PostPage(BaseModel):
    """A page of posts; ``next_cursor`` continues it (None: the end)."""

    items: list[PostView]
    next_cursor: str | None


class PostVersion(BaseModel):
    """One version of a post's content and the files it had (``preview_url`` only while held)."""

    version: int
    text: str
    links: list[LinkView]
    mentions: list[Mention]
    topics: list[str]
    attachments: list[AttachmentView] = []
    at: datetime


class PostHistory(BaseModel):
    """Every version of a post, oldest first."""

    post_id: str
    items: list[PostVersion]


class CommentView(BaseModel):
    """One comment or reply."""

    id: str
    post_id: str
    parent_id: str | None
    author: PersonRef
    text: str
    mentions: list[Mention]
    created_at: datetime
    edited_at: datetime | None
    version: int
    reply_count: int
    reactions: Reactions


class CommentPage(BaseModel):
    """A page of comments, oldest first."""

    items: list[CommentView]
    next_cursor: str | None


class ReportedPost(BaseModel):
    """A post in the moderation queue: how often and why it was reported."""

    post_id: str
    group_id: str | None
    profile_id: str | None
    author_id: str
    report_count: int
    last_reason: str | None
    last_reported_at: datetime
    status: str | None


class ReportQueue(BaseModel):
    """Open reports, most recently reported first."""

    items: list[ReportedPost]
    next_cursor: str | None
