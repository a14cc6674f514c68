"""Events of the news service: channels, articles and their versions, reads, must-reads.

Streams: ``channel:<c>`` holds a channel and its editors; ``article:<a>`` an article's
drafts, schedule and published versions; ``article:<a>/reader:<e>`` one employee's
first read and acknowledgements of one article; ``article:<a>/comment:<c>`` one comment;
``article:<a>/reminders`` the reminder rounds of a must-read; ``article:<a>/entrants`` the
people obliged after publication because they entered its audience later;
``article:<a>/reaction:<e>`` and ``article:<a>/comment:<c>/reaction:<e>`` one person's
reaction to the article or to one comment.

People are named by employee id only. An article's ``audience`` is a rule over people
facts (countries, departments, locations, languages, groups' active members, explicit
employees): a person is in when any include list holds one of their facts and no exclude
list does; an audience without include lists and without ``everyone`` is the whole
company. Consumers decide visibility on the reader's *current* facts.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from collab_events.base import Event
from collab_events.registry import REGISTRY

LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$"
LanguageTag = Annotated[str, Field(pattern=LANGUAGE_PATTERN, max_length=35)]
_ID = Field(min_length=1, max_length=64)
Id = Annotated[str, _ID]
MAX_LANGUAGES, MAX_CRITERIA, MAX_EDITORS, MAX_IDS = 30, 100, 100, 1000
MAX_TITLE, MAX_SUMMARY, MAX_BODY, MAX_COMMENT = 200, 1000, 50_000, 5000
_Value = Annotated[str, Field(min_length=1, max_length=120)]
_Time = Field(max_length=40)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Translation(_Frozen):
    """One language version of an article."""

    title: str = Field(min_length=1, max_length=MAX_TITLE)
    summary: str = Field(default="", max_length=MAX_SUMMARY)
    body: str = Field(default="", max_length=MAX_BODY)


class Headline(_Frozen):
    """What a list shows of one language version (no body)."""

    title: str = Field(min_length=1, max_length=MAX_TITLE)
    summary: str = Field(default="", max_length=MAX_SUMMARY)


class AudienceCriteria(_Frozen):
    """Lists of facts; a person matches when any list holds one of theirs."""

    countries: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    departments: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    locations: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    languages: list[_Value] = Field(default_factory=list, max_length=MAX_CRITERIA)
    groups: list[Id] = Field(default_factory=list, max_length=MAX_CRITERIA)
    employees: list[Id] = Field(default_factory=list, max_length=MAX_IDS)

    @property
    def empty(self) -> bool:
        """No list is set."""
        return not any(getattr(self, name) for name in type(self).model_fields)


class NewsAudience(_Frozen):
    """Who an article is for: ``everyone`` or whom ``include`` matches, minus ``exclude``.

    An empty ``include`` means the whole company, as ``everyone`` does.
    """

    everyone: bool = False
    include: AudienceCriteria = AudienceCriteria()
    exclude: AudienceCriteria = AudienceCriteria()

    @property
    def whole_company(self) -> bool:
        """Everyone (before exclusions)."""
        return self.everyone or self.include.empty


class ArticleContent(_Frozen):
    """An article as its editors wrote it: every language version and its settings."""

    translations: dict[LanguageTag, Translation] = Field(min_length=1, max_length=MAX_LANGUAGES)
    default_language: LanguageTag
    hero_image_url: str | None = Field(default=None, max_length=2000)
    audience: NewsAudience = NewsAudience()
    must_read: bool = False
    acknowledge_by: str | None = Field(default=None, max_length=40)
    remind_every_s: int | None = Field(default=None, ge=1, le=31_536_000)
    comments_enabled: bool = True


class _ChannelEvent(Event):
    service: ClassVar[str] = "news"
    channel_id: str = _ID


@REGISTRY.register
class ChannelCreated(_ChannelEvent):
    """A platform admin created a channel and named its editors."""

    name: ClassVar[str] = "channel_created"
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    editors: list[Id] = Field(default_factory=list, max_length=MAX_EDITORS)
    created_by: str = _ID

    @classmethod
    def example(cls) -> ChannelCreated:
        return cls(channel_id="c-1", title="Group news", editors=["e-1"], created_by="e-9")


@REGISTRY.register
class ChannelUpdated(_ChannelEvent):
    """The channel's title or description changed."""

    name: ClassVar[str] = "channel_updated"
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)

    @classmethod
    def example(cls) -> ChannelUpdated:
        return cls(channel_id="c-1", title="Company news")


@REGISTRY.register
class ChannelEditorsChanged(_ChannelEvent):
    """The channel's editors are now ``editors``."""

    name: ClassVar[str] = "channel_editors_changed"
    editors: list[Id] = Field(default_factory=list, max_length=MAX_EDITORS)

    @classmethod
    def example(cls) -> ChannelEditorsChanged:
        return cls(channel_id="c-1", editors=["e-1", "e-2"])


class _ArticleEvent(Event):
    service: ClassVar[str] = "news"
    article_id: str = _ID


@REGISTRY.register
class ArticleDrafted(_ArticleEvent):
    """An editor drafted an article in a channel."""

    name: ClassVar[str] = "article_drafted"
    channel_id: str = _ID
    author_id: str = _ID
    content: ArticleContent

    @classmethod
    def example(cls) -> ArticleDrafted:
        content = ArticleContent(
            translations={"de": Translation(title="Hallo"), "en": Translation(title="Hello")},
            default_language="en",
        )
        return cls(article_id="a-1", channel_id="c-1", author_id="e-1", content=content)


@REGISTRY.register
class ArticleUpdated(_ArticleEvent):
    """An editor changed the article; ``content`` replaces the previous one whole."""

    name: ClassVar[str] = "article_updated"
    content: ArticleContent

    @classmethod
    def example(cls) -> ArticleUpdated:
        return cls(article_id="a-1", content=ArticleDrafted.example().content)


@REGISTRY.register
class ArticleScheduled(_ArticleEvent):
    """The article is to be published at ``publish_at``."""

    name: ClassVar[str] = "article_scheduled"
    publish_at: str = _Time

    @classmethod
    def example(cls) -> ArticleScheduled:
        return cls(article_id="a-1", publish_at="2026-03-01T08:00:00Z")


@REGISTRY.register
class ArticlePublished(_ArticleEvent):
    """Version ``article_version`` of the article is live for its audience.

    ``requires_reacknowledgement``: a must-read's earlier acknowledgements are stale.
    ``audience_size``: how many active employees the audience held at publication; for
    a must-read they were frozen as the obliged under ``snapshot_id`` (the service's
    store), ``snapshot_digest`` being the SHA-256 (hex) of their sorted ids joined by
    newlines. ``headlines`` gives each language version's title and summary.
    """

    name: ClassVar[str] = "article_published"
    channel_id: str = _ID
    article_version: int = Field(ge=1)
    requires_reacknowledgement: bool = False
    languages: list[LanguageTag] = Field(min_length=1, max_length=MAX_LANGUAGES)
    default_language: LanguageTag
    headlines: dict[LanguageTag, Headline] = Field(default_factory=dict, max_length=MAX_LANGUAGES)
    audience: NewsAudience = NewsAudience()
    must_read: bool = False
    acknowledge_by: str | None = Field(default=None, max_length=40)
    remind_every_s: int | None = Field(default=None, ge=1, le=31_536_000)
    audience_size: int = Field(default=0, ge=0)
    snapshot_id: str | None = Field(default=None, min_length=1, max_length=64)
    snapshot_digest: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    published_at: str = _Time

    @classmethod
    def example(cls) -> ArticlePublished:
        return cls(
            article_id="a-1", channel_id="c-1", article_version=1, languages=["de", "en"],
            default_language="en", headlines={"en": Headline(title="Hello")},
            audience_size=2, published_at="2026-03-01T08:00:00Z",
        )  # fmt: skip


@REGISTRY.register
class ArticleUnpublished(_ArticleEvent):
    """The article is no longer shown to readers (it may be published again)."""

    name: ClassVar[str] = "article_unpublished"

    @classmethod
    def example(cls) -> ArticleUnpublished:
        return cls(article_id="a-1")


@REGISTRY.register
class ArticleArchived(_ArticleEvent):
    """The article is archived: out of every stream, read-only, no more reminders."""

    name: ClassVar[str] = "article_archived"

    @classmethod
    def example(cls) -> ArticleArchived:
        return cls(article_id="a-1")


@REGISTRY.register
class ArticleRead(_ArticleEvent):
    """The employee opened the article for the first time (version and language served)."""

    name: ClassVar[str] = "article_read"
    employee_id: str = _ID
    article_version: int = Field(ge=1)
    language: LanguageTag

    @classmethod
    def example(cls) -> ArticleRead:
        return cls(article_id="a-1", employee_id="e-2", article_version=1, language="de")


@REGISTRY.register
class ArticleAcknowledged(_ArticleEvent):
    """The employee confirmed having read a must-read at ``article_version``."""

    name: ClassVar[str] = "article_acknowledged"
    employee_id: str = _ID
    article_version: int = Field(ge=1)
    language: LanguageTag

    @classmethod
    def example(cls) -> ArticleAcknowledged:
        return cls(article_id="a-1", employee_id="e-2", article_version=1, language="de")


@REGISTRY.register
class MustReadAudienceJoined(_ArticleEvent):
    """These employees entered a published must-read's audience later: obliged from now."""

    name: ClassVar[str] = "must_read_audience_joined"
    employee_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)

    @classmethod
    def example(cls) -> MustReadAudienceJoined:
        return cls(article_id="a-1", employee_ids=["e-3"])


@REGISTRY.register
class MustReadReminderDue(_ArticleEvent):
    """Remind these employees of a must-read they have not acknowledged (round ``round``).

    One round is one or more events (at most 1000 ids each), appended together once.
    """

    name: ClassVar[str] = "must_read_reminder_due"
    round: int = Field(ge=1)
    article_version: int = Field(ge=1)
    employee_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    acknowledge_by: str | None = Field(default=None, max_length=40)

    @classmethod
    def example(cls) -> MustReadReminderDue:
        return cls(article_id="a-1", round=1, article_version=1, employee_ids=["e-2"])


class CommentContent(_Frozen):
    """What the commenter wrote; erasure blanks it to ``{}``."""

    text: str = Field(default="", max_length=MAX_COMMENT)


class _CommentEvent(_ArticleEvent):
    comment_id: str = _ID


@REGISTRY.register
class ArticleCommentAdded(_CommentEvent):
    """A reader commented on an article (stream ``article:<a>/comment:<c>``)."""

    name: ClassVar[str] = "article_comment_added"
    author_id: str = _ID
    content: CommentContent

    @classmethod
    def example(cls) -> ArticleCommentAdded:
        return cls(
            article_id="a-1", comment_id="k-1", author_id="e-2",
            content=CommentContent(text="Thanks for the update!"),
        )  # fmt: skip


@REGISTRY.register
class ArticleCommentEdited(_CommentEvent):
    """The author changed the comment's text."""

    name: ClassVar[str] = "article_comment_edited"
    content: CommentContent

    @classmethod
    def example(cls) -> ArticleCommentEdited:
        return cls(article_id="a-1", comment_id="k-1", content=CommentContent(text="Thanks!"))


@REGISTRY.register
class ArticleCommentDeleted(_CommentEvent):
    """The comment is gone: by its author, an editor (moderation), or the author's erasure."""

    name: ClassVar[str] = "article_comment_deleted"
    reason: Literal["author", "moderator", "erased"] = "author"

    @classmethod
    def example(cls) -> ArticleCommentDeleted:
        return cls(article_id="a-1", comment_id="k-1", reason="moderator")


ReactionType = Literal["like", "celebrate", "support", "insightful", "curious"]


class _ReactionEvent(_ArticleEvent):
    """One person's reaction to an article, or to ``comment_id`` of it.

    Stream ``article:<a>/reaction:<e>`` (the article) or
    ``article:<a>/comment:<c>/reaction:<e>`` (a comment): one per person and target.
    ``target_author_id`` wrote what was reacted to (the article's author, or the
    commenter). ``channel_id`` and ``audience`` are the article's when the reaction was
    written: tell only people whom the audience holds on their *current* facts (or who
    edit the channel), and nobody about an article that is not published.
    """

    employee_id: str = _ID
    comment_id: str | None = Field(default=None, min_length=1, max_length=64)
    channel_id: str = _ID
    target_author_id: str = _ID
    audience: NewsAudience = NewsAudience()


@REGISTRY.register
class ArticleReactionSet(_ReactionEvent):
    """``employee_id`` reacted with ``reaction``; it replaces their earlier one."""

    name: ClassVar[str] = "article_reaction_set"
    reaction: ReactionType

    @classmethod
    def example(cls) -> ArticleReactionSet:
        return cls(
            article_id="a-1", employee_id="e-2", channel_id="c-1", target_author_id="e-1",
            reaction="celebrate",
        )  # fmt: skip


@REGISTRY.register
class ArticleReactionRemoved(_ReactionEvent):
    """``employee_id`` took their reaction back (``erased``: their erasure removed it)."""

    name: ClassVar[str] = "article_reaction_removed"
    erased: bool = False

    @classmethod
    def example(cls) -> ArticleReactionRemoved:
        return cls(
            article_id="a-1", comment_id="k-1", employee_id="e-2", channel_id="c-1",
            target_author_id="e-3",
        )  # fmt: skip
