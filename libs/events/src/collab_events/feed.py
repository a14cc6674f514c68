"""Events of the feed service (posts, comments, reactions, moderation).

Streams: ``post:<p>`` holds one post's content, edits, deletion and moderation;
``pins:<g>`` holds the pins of one group; ``comment:<c>`` one comment;
``reaction:<p>/<e>`` (and ``reaction:<p>/comment:<c>/<e>``) one person's reaction,
so a thousand people reacting at once never write one stream.

Every event names who acted and where, by id only (display data travels only in
profile events), and carries ``visibility``: the visibility of its place when it was
written. Consumers must honour it as ``VISIBILITY_RULE`` says. Personal content
(``content``: text and links) is an object that erasure may blank to ``{}``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from collab_events.base import Event
from collab_events.registry import REGISTRY

Place = Literal["public", "private", "secret", "profile"]
ReactionType = Literal["like", "celebrate", "support", "insightful", "curious"]
_ID = Field(min_length=1, max_length=64)
MAX_POST_TEXT, MAX_COMMENT_TEXT, MAX_LINKS, MAX_MENTIONS, MAX_TOPICS = 10_000, 5_000, 5, 50, 30
MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES = 10, 25 * 1024 * 1024
VISIBILITY_RULE = (
    "The visibility of the place when the event was written. 'profile' (an employee's own "
    "profile) and 'public' (a public group): any active employee may read it. 'private' and "
    "'secret': only active members of group_id may; check membership when you act (a person "
    "who left must not be told), using the newest group visibility you know from group "
    "events when it changed since. 'secret': to everyone else the post does not exist: never "
    "reveal it, its counts, topics or mentions, and notify a mentioned person only while "
    "they are an active member."
)


class Link(BaseModel):
    """A link attached to a post, with the title it is shown under."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    url: str = Field(min_length=1, max_length=2000)
    title: str = Field(default="", max_length=200)


class Attachment(BaseModel):
    """A verified file of a post in the feed's object storage (bytes never travel in events).

    ``content_type`` is what the feed detected from the stored bytes, not what the client
    declared; ``preview`` says whether an image thumbnail is stored beside it.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    attachment_id: str = Field(min_length=1, max_length=64)
    name: str = Field(default="", max_length=255)
    content_type: str = Field(min_length=1, max_length=100)
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES)
    preview: bool = False


class PostContent(BaseModel):
    """What the author wrote; erasure blanks it to ``{}`` (no text, links or attachments)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: str = Field(default="", max_length=MAX_POST_TEXT)
    links: list[Link] = Field(default_factory=list, max_length=MAX_LINKS)
    attachments: list[Attachment] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)


class CommentContent(BaseModel):
    """What the commenter wrote; erasure blanks it to ``{}``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: str = Field(default="", max_length=MAX_COMMENT_TEXT)


class _FeedEvent(Event):
    """Where it happened: a group (``group_id``) or an employee's profile (``profile_id``)."""

    service: ClassVar[str] = "feed"
    post_id: str = _ID
    group_id: str | None = Field(default=None, min_length=1, max_length=64)
    profile_id: str | None = Field(default=None, min_length=1, max_length=64)
    visibility: Place = Field(description=VISIBILITY_RULE)

    @model_validator(mode="after")
    def _one_place(self) -> Self:
        if (self.group_id is None) == (self.profile_id is None):
            raise ValueError("exactly one of group_id and profile_id is set")
        if (self.visibility == "profile") != (self.profile_id is not None):
            raise ValueError("visibility 'profile' goes with profile_id, and only with it")
        return self


_MENTIONS: list[str] = Field(default_factory=list, max_length=MAX_MENTIONS)
_TOPICS: list[str] = Field(default_factory=list, max_length=MAX_TOPICS)


@REGISTRY.register
class PostPublished(_FeedEvent):
    """A post was published; ``mentions`` are the employees it names, ``topics`` folded tags."""

    name: ClassVar[str] = "post_published"
    author_id: str = _ID
    content: PostContent = Field(default_factory=PostContent)
    mentions: list[str] = _MENTIONS
    topics: list[str] = _TOPICS

    @classmethod
    def example(cls) -> PostPublished:
        content = PostContent(
            text="Welcome @{e-1002}! #Platform",
            links=[Link(url="https://example.com/guide", title="Guide")],
        )
        return cls(
            post_id="p-1",
            author_id="e-1001",
            content=content,
            mentions=["e-1002"],
            topics=["platform"],
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class PostEdited(_FeedEvent):
    """The author edited a post: the complete new content, mentions and topics."""

    name: ClassVar[str] = "post_edited"
    author_id: str = _ID
    content: PostContent = Field(default_factory=PostContent)
    mentions: list[str] = _MENTIONS
    topics: list[str] = _TOPICS

    @classmethod
    def example(cls) -> PostEdited:
        content = PostContent(text="Welcome aboard! #platform")
        return cls(
            post_id="p-1",
            author_id="e-1001",
            content=content,
            topics=["platform"],
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class PostDeleted(_FeedEvent):
    """A post was deleted by ``deleted_by`` (null: the author's erasure) in the role ``reason``."""

    name: ClassVar[str] = "post_deleted"
    author_id: str = _ID
    deleted_by: str | None = Field(default=None, min_length=1, max_length=64)
    reason: Literal["author", "moderator", "admin", "erased"] = "author"
    # Ids of the post's attachments: the feed deletes their stored files with the post.
    attachments: list[str] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)

    @classmethod
    def example(cls) -> PostDeleted:
        return cls(
            post_id="p-1",
            author_id="e-1001",
            deleted_by="e-1001",
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class PostPinned(_FeedEvent):
    """A group moderator pinned a post to the top of the group feed, until ``until`` if set."""

    name: ClassVar[str] = "post_pinned"
    pinned_by: str = _ID
    until: datetime | None = None

    @classmethod
    def example(cls) -> PostPinned:
        return cls(
            post_id="p-1",
            pinned_by="e-1001",
            until=datetime(2026, 2, 1, tzinfo=UTC),
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class PostUnpinned(_FeedEvent):
    """A pin was removed by ``unpinned_by``."""

    name: ClassVar[str] = "post_unpinned"
    unpinned_by: str = _ID

    @classmethod
    def example(cls) -> PostUnpinned:
        return cls(post_id="p-1", unpinned_by="e-1001", group_id="g-1", visibility="public")


class _CommentEvent(_FeedEvent):
    comment_id: str = _ID
    author_id: str = _ID


@REGISTRY.register
class CommentAdded(_CommentEvent):
    """A comment on a post, or a reply to the top-level comment ``parent_id``."""

    name: ClassVar[str] = "comment_added"
    parent_id: str | None = Field(default=None, min_length=1, max_length=64)
    post_author_id: str = _ID
    content: CommentContent = Field(default_factory=CommentContent)
    mentions: list[str] = _MENTIONS

    @classmethod
    def example(cls) -> CommentAdded:
        return cls(
            post_id="p-1",
            comment_id="c-1",
            author_id="e-1002",
            post_author_id="e-1001",
            content=CommentContent(text="Thanks @{e-1001}"),
            mentions=["e-1001"],
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class CommentEdited(_CommentEvent):
    """The author edited a comment: the complete new content and mentions."""

    name: ClassVar[str] = "comment_edited"
    content: CommentContent = Field(default_factory=CommentContent)
    mentions: list[str] = _MENTIONS

    @classmethod
    def example(cls) -> CommentEdited:
        content = CommentContent(text="Thanks a lot")
        return cls(
            post_id="p-1",
            comment_id="c-1",
            author_id="e-1002",
            content=content,
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class CommentDeleted(_CommentEvent):
    """A comment was deleted (by its author, or on the author's erasure: ``erased``)."""

    name: ClassVar[str] = "comment_deleted"
    erased: bool = False

    @classmethod
    def example(cls) -> CommentDeleted:
        return cls(
            post_id="p-1", comment_id="c-1", author_id="e-1002", group_id="g-1", visibility="public"
        )


class _ReactionEvent(_FeedEvent):
    employee_id: str = _ID
    comment_id: str | None = Field(default=None, min_length=1, max_length=64)


@REGISTRY.register
class ReactionSet(_ReactionEvent):
    """``employee_id`` reacted to the post (or to ``comment_id``); it replaces their old one."""

    name: ClassVar[str] = "reaction_set"
    reaction: ReactionType

    @classmethod
    def example(cls) -> ReactionSet:
        return cls(
            post_id="p-1",
            employee_id="e-1002",
            reaction="celebrate",
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class ReactionRemoved(_ReactionEvent):
    """``employee_id`` took their reaction back."""

    name: ClassVar[str] = "reaction_removed"

    @classmethod
    def example(cls) -> ReactionRemoved:
        return cls(post_id="p-1", employee_id="e-1002", group_id="g-1", visibility="public")


@REGISTRY.register
class PostReported(_FeedEvent):
    """``reporter_id`` reported the post to its moderators (the audit log of moderation)."""

    name: ClassVar[str] = "post_reported"
    author_id: str = _ID
    reporter_id: str = _ID
    reason: str = Field(min_length=1, max_length=1000)

    @classmethod
    def example(cls) -> PostReported:
        return cls(
            post_id="p-1",
            author_id="e-1001",
            reporter_id="e-1003",
            reason="Off topic",
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class PostHidden(_FeedEvent):
    """A moderator hid the post: only moderators and its author still see it."""

    name: ClassVar[str] = "post_hidden"
    author_id: str = _ID
    moderator_id: str = _ID
    reason: str = Field(min_length=1, max_length=1000)

    @classmethod
    def example(cls) -> PostHidden:
        return cls(
            post_id="p-1",
            author_id="e-1001",
            moderator_id="e-1004",
            reason="Spam",
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class PostRestored(_FeedEvent):
    """A moderator restored a hidden post."""

    name: ClassVar[str] = "post_restored"
    author_id: str = _ID
    moderator_id: str = _ID
    reason: str = Field(min_length=1, max_length=1000)

    @classmethod
    def example(cls) -> PostRestored:
        return cls(
            post_id="p-1",
            author_id="e-1001",
            moderator_id="e-1004",
            reason="Fine",
            group_id="g-1",
            visibility="public",
        )


@REGISTRY.register
class FeedSettingsChanged(Event):
    """An employee chose how their home feed is ordered by default.

    Personal, not about a place: it carries no visibility and concerns only its owner.
    """

    service: ClassVar[str] = "feed"
    name: ClassVar[str] = "feed_settings_changed"
    employee_id: str = _ID
    order: Literal["recent", "ranked"]

    @classmethod
    def example(cls) -> FeedSettingsChanged:
        return cls(employee_id="e-1001", order="ranked")
