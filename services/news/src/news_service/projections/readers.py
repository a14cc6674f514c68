"""Read model ``readers``: per article and employee, the first read and the newest
acknowledgement (guarded by the reader stream's version). An erased reader's documents
are written under their alias (a rebuild replays their reads from the topic)."""

from __future__ import annotations

from collab_events.news import ArticleAcknowledged, ArticleRead
from servicekit.projection import EventContext

from news_service.projections.names import READERS
from news_service.projections.news import NEWS
from news_service.registries.erased import ErasedPeople


def reader_key(article_id: str, employee_id: str) -> str:
    """``<article>/<employee>``."""
    return f"{article_id}/{employee_id}"


@NEWS.on(ArticleRead, batched=True)
async def record_first_read(event: ArticleRead, ctx: EventContext) -> None:
    """When, in which version and language the employee first read the article."""
    at, reader = ctx.envelope.time, await _name(event.employee_id, ctx)
    fields = {
        "article_id": event.article_id, "employee_id": reader, "read_at": at,
        "read_day": at.strftime("%Y-%m-%d"), "read_version": event.article_version,
        "read_language": event.language,
    }  # fmt: skip
    key = reader_key(event.article_id, reader)
    ctx.writes.upsert_if_newer(ctx.models[READERS], key, ctx.version, fields)


@NEWS.on(ArticleAcknowledged, batched=True)
async def record_acknowledgement(event: ArticleAcknowledged, ctx: EventContext) -> None:
    """The newest version acknowledged, in which language, when."""
    reader = await _name(event.employee_id, ctx)
    fields = {
        "article_id": event.article_id, "employee_id": reader,
        "acknowledged_version": event.article_version, "acknowledged_language": event.language,
        "acknowledged_at": ctx.envelope.time,
    }  # fmt: skip
    key = reader_key(event.article_id, reader)
    ctx.writes.upsert_if_newer(ctx.models[READERS], key, ctx.version, fields)


async def _name(employee_id: str, ctx: EventContext) -> str:
    return (await ErasedPeople(ctx.models.db).names([employee_id]))[0]
