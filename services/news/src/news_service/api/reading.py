"""Reading routes: my stream, my pending must-reads, one article, acknowledgements."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime
from servicekit.http.commands import command_headers
from servicekit.http.consistency import HEADER as CONSISTENCY_HEADER

from news_service.api.deps import (
    CONSISTENT,
    ArticleId,
    CurrentCaller,
    CurrentReader,
    Cursor,
    Lang,
    Limit,
    PortsDep,
)
from news_service.api.errors import DomainRoute, raises
from news_service.api.models import AcknowledgementBody, CommandAnswer
from news_service.domain import errors
from news_service.domain.commands import Acknowledge, RecordRead
from news_service.domain.language import negotiate
from news_service.handlers import reading as handle
from news_service.queries import articles as q
from news_service.queries.access import readable_article
from news_service.queries.reactions import reactions_of
from news_service.queries.stream import news_stream
from news_service.queries.views import ArticleView, NewsPage

router = APIRouter(prefix="/v1", tags=["reading"], route_class=DomainRoute)
ChannelFilter = Annotated[str | None, Query(pattern=ID_PATTERN, description="Only this channel.")]
Search = Annotated[
    str | None,
    Query(max_length=200, description="Word prefixes in any language version, accents ignored."),
]


@router.get("/news", dependencies=[CONSISTENT])
async def my_news(
    request: Request, caller: CurrentCaller, ports: PortsDep, channel: ChannelFilter = None,
    pending: Annotated[bool, Query(description="Only must-reads I have not acknowledged.")] = False,
    q: Search = None, lang: Lang = None, cursor: Cursor = None, limit: Limit = 20,
) -> NewsPage:  # fmt: skip
    """My stream: pending must-reads pinned on top (first page), then newest first.

    Without a `Consistency-Token` the newest articles may be up to a second older than the
    read model (each service process shares its recent reads of them); with one, the page
    holds every write up to the token. My pending must-reads are always read fresh.
    """
    shared = CONSISTENCY_HEADER not in request.headers
    return await news_stream(
        ports.models, ports.replicas, caller, channel=channel, q=q, pending_only=pending,
        lang=lang, cursor=cursor, limit=limit, shared=shared,
    )  # fmt: skip


@router.get("/me/must-read", dependencies=[CONSISTENT])
async def my_must_reads(caller: CurrentCaller, ports: PortsDep, lang: Lang = None) -> NewsPage:
    """The must-reads I still have to acknowledge, newest first."""
    return await news_stream(
        ports.models, ports.replicas, caller, channel=None, q=None, pending_only=True,
        lang=lang, cursor=None, limit=100,
    )  # fmt: skip


@router.get(
    "/articles/{article_id}", dependencies=[CONSISTENT], responses=raises(errors.ArticleNotFound)
)
async def read_article(
    article_id: ArticleId, reader: CurrentReader, ports: PortsDep, lang: Lang = None,
    as_of: Annotated[AwareDatetime | None, Query(description="Show it as it was then.")] = None,
) -> ArticleView:  # fmt: skip
    """The article in my best language; my first read is recorded."""
    _, editor = await readable_article(ports.models, article_id, reader)
    if as_of is not None:
        state = await q.state_as_of(ports.store, article_id, as_of)
        if not (editor or state.public):
            raise errors.ArticleNotFound("the article was not published then")
        return q.article_view(article_id, state, reader, lang, editor=editor)
    state = await q.current_state(ports.store, article_id)
    standing = await q.my_standing(ports.models, state, article_id, reader)
    view = q.article_view(article_id, state, reader, lang, editor=editor, standing=standing)
    view.reactions = (await reactions_of(ports.models, [article_id], reader.employee_id))[
        article_id
    ]
    if state.status == "published":
        read = RecordRead(article_id, reader.employee_id, state.version, view.language)
        await handle.record_read(ports, read)
    return view


@router.post(
    "/articles/{article_id}/acknowledgement",
    dependencies=[CONSISTENT],
    responses=raises(
        errors.ArticleNotFound, errors.NotPublished, errors.NotMustRead, errors.StaleVersion
    ),
)
async def acknowledge(
    article_id: ArticleId, response: Response, reader: CurrentReader, ports: PortsDep,
    body: AcknowledgementBody | None = None,
) -> CommandAnswer:  # fmt: skip
    """Acknowledge the current version of a must-read (in the language I read)."""
    await readable_article(ports.models, article_id, reader)
    state = await q.current_state(ports.store, article_id)
    if state.status != "published":
        raise errors.NotPublished("only a published article can be acknowledged")
    if not state.body.must_read:
        raise errors.NotMustRead("this article asks for no acknowledgement")
    wanted = body or AcknowledgementBody()
    if wanted.version is not None and wanted.version != state.version:
        raise errors.StaleVersion(f"the current version is {state.version}")
    available = list(state.body.translations)
    language = negotiate(
        available, [wanted.language, reader.person.locale], state.body.default_language
    )
    command = Acknowledge(article_id, reader.employee_id, state.version, language)
    result = await handle.acknowledge(ports, command)
    command_headers(response, result)
    return CommandAnswer(id=article_id, version=state.version)
