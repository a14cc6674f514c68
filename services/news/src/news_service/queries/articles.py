"""One article for one reader: language negotiation, my standing, ``as_of`` from events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_events.news import ArticleContent
from servicekit.commands import load_state
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort

from news_service.domain.errors import ArticleNotFound
from news_service.domain.language import negotiate
from news_service.domain.model import ARTICLE, ArticleState
from news_service.domain.streams import article_subject
from news_service.projections.names import READERS
from news_service.queries.access import Reader, obliged
from news_service.queries.views import ArticleView, wanted_languages

Doc = dict[str, Any]


async def state_as_of(store: EventStorePort, article_id: str, as_of: datetime) -> ArticleState:
    """The article folded from its events up to ``as_of`` (404 if it did not exist yet)."""
    state = ARTICLE.initial()
    for recorded in await store.load(article_subject(article_id)):
        if recorded.envelope.time > as_of:
            break
        state = ARTICLE.evolve(state, recorded.event)
    if not state.exists:
        raise ArticleNotFound("the article did not exist then")
    return state


async def current_state(store: EventStorePort, article_id: str) -> ArticleState:
    """The article folded from every event."""
    state, _ = await load_state(store, article_subject(article_id), ARTICLE)
    return state


async def my_standing(
    models: ReadModels, state: ArticleState, article_id: str, reader: Reader
) -> tuple[int, bool]:
    """My newest acknowledged version and whether the must-read is pending for me."""
    key = f"{article_id}/{reader.employee_id}"
    mine = await models[READERS].find_one({"_id": key}, {"acknowledged_version": 1}) or {}
    acked = int(mine.get("acknowledged_version", 0))
    if not (state.status == "published" and state.body.must_read):
        return acked, False
    return acked, await obliged(models, article_id, reader.employee_id) and (
        acked < state.required_version
    )


def article_view(
    article_id: str, state: ArticleState, reader: Reader, lang: str | None, *, editor: bool,
    standing: tuple[int, bool] = (0, False),
) -> ArticleView:  # fmt: skip
    """The view in the reader's best language (``lang`` overrides their locale)."""
    content: ArticleContent = state.body
    wanted = wanted_languages(lang, reader.person.locale)
    tag = negotiate(list(content.translations), wanted, content.default_language)
    shown = content.translations[tag]
    published = state.published.published_at if state.published else None
    return ArticleView(
        id=article_id, channel_id=state.channel_id, status=state.status, version=state.version,
        required_version=state.required_version, language=tag,
        available_languages=sorted(content.translations),
        default_language=content.default_language, title=shown.title, summary=shown.summary,
        body=shown.body, hero_image_url=content.hero_image_url, must_read=content.must_read,
        acknowledge_by=content.acknowledge_by, remind_every_s=content.remind_every_s,
        comments_enabled=content.comments_enabled, published_at=published,
        acknowledged_version=standing[0], pending=standing[1],
        audience=content.audience if editor else None,
    )  # fmt: skip
