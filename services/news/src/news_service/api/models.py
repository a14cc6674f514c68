"""Request and response bodies of the news API, with explicit limits."""

from __future__ import annotations

from typing import Annotated, Any

from collab_events.ids import ID_PATTERN
from collab_events.news import (
    LANGUAGE_PATTERN,
    MAX_EDITORS,
    MAX_LANGUAGES,
    LanguageTag,
    NewsAudience,
    Translation,
)
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

Id = Annotated[str, Field(pattern=ID_PATTERN)]


def _translations_schema(min_properties: int) -> dict[str, Any]:
    # pydantic documents constrained keys as patternProperties, which admit any other key.
    return {
        "type": "object",
        "propertyNames": {"pattern": LANGUAGE_PATTERN, "maxLength": 35},
        "additionalProperties": Translation.model_json_schema(),
        "minProperties": min_properties,
        "maxProperties": MAX_LANGUAGES,
    }


Translations = Annotated[
    dict[LanguageTag, Translation],
    Field(min_length=1, max_length=MAX_LANGUAGES),
    WithJsonSchema(_translations_schema(1)),
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewChannel(_Body):
    """A channel and its editors."""

    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    editors: list[Id] = Field(default_factory=list, max_length=MAX_EDITORS)


class ChannelPatch(_Body):
    """What changes (absent: unchanged)."""

    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    editors: list[Id] | None = Field(default=None, max_length=MAX_EDITORS)


class ArticleFields(_Body):
    """The settings of an article besides its channel (PATCH: absent fields unchanged)."""

    default_language: LanguageTag | None = Field(
        default=None, description="The version served when none fits (one of translations)."
    )
    hero_image_url: str | None = Field(default=None, max_length=2000)
    audience: NewsAudience | None = Field(
        default=None, description="Empty include lists: the whole company."
    )
    must_read: bool | None = None
    acknowledge_by: AwareDatetime | None = None
    remind_every_s: int | None = Field(default=None, ge=1, le=31_536_000)
    comments_enabled: bool | None = None


class NewArticle(ArticleFields):
    """A draft in a channel, in one or more languages (BCP 47 tags)."""

    channel_id: Id
    translations: Translations


class ArticlePatch(ArticleFields):
    """Changes to an article; on a published one they publish version N+1."""

    translations: Translations | None = None
    material: bool = Field(
        default=False, description="A material change: must-read acknowledgements go stale."
    )


class PublishBody(_Body):
    """Publish now, or at ``publish_at`` (scheduled)."""

    publish_at: AwareDatetime | None = None


class AcknowledgementBody(_Body):
    """The version and language acknowledged (default: current version, my language)."""

    version: int | None = Field(default=None, ge=1, le=1_000_000)
    language: LanguageTag | None = None


class CommandAnswer(BaseModel):
    """The affected resource and its stream's new version."""

    id: str
    version: int
