"""Article request bodies into ``ArticleContent``: a new draft's, a PATCH merged over the
current content."""

from __future__ import annotations

from typing import Any

from collab_events.news import ArticleContent

from news_service.api.models import ArticlePatch, NewArticle
from news_service.domain.model import format_time

# Fields a PATCH may clear with null; null for any other field leaves it unchanged.
CLEARABLE = ("hero_image_url", "acknowledge_by", "remind_every_s")


def _times(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("acknowledge_by") is not None:
        fields["acknowledge_by"] = format_time(fields["acknowledge_by"])
    return fields


def new_content(body: NewArticle) -> ArticleContent:
    """A draft's content (default language: the first translation unless named)."""
    fields = _times(body.model_dump(exclude={"channel_id"}, exclude_none=True))
    fields.setdefault("default_language", next(iter(body.translations)))
    return ArticleContent.model_validate(fields)


def patched(current: ArticleContent, patch: ArticlePatch) -> ArticleContent:
    """The current content with the PATCH's fields."""
    changes = _times(patch.model_dump(exclude_unset=True, exclude={"material"}))
    changes = {k: v for k, v in changes.items() if v is not None or k in CLEARABLE}
    merged = {**current.model_dump(), **changes}
    return ArticleContent.model_validate(merged)
