"""Read model ``readers``: per article and employee, the first read and the newest
acknowledgement (guarded by the reader stream's version)."""

from __future__ import annotations

from collab_events.news import ArticleAcknowledged, ArticleRead
from servicekit.projection import EventContext

from news_service.projections.names import READERS
from news_service.projections.news import NEWS


def reader_key(article_id: str, employee_id: str) -> str:
    """``<article>/<employee>``."""
    return f"{article_id}/{employee_id}"


@NEWS.on(ArticleRead, batched=True)
async def record_first_read(event: ArticleRead, ctx: EventContext) -> None:
    """When, in which version and language the employee first read the article."""
    at = ctx.envelope.time
    fields = {
        "article_id": event.article_id, "employee_id": event.employee_id, "read_at": at,
        "read_day": at.strftime("%Y-%m-%d"), "read_version": event.article_version,
        "read_language": event.language,
    }  # fmt: skip
    key = reader_key(event.article_id, event.employee_id)
    ctx.writes.upsert_if_newer(ctx.models[READERS], key, ctx.version, fields)


@NEWS.on(ArticleAcknowledged, batched=True)
async def record_acknowledgement(event: ArticleAcknowledged, ctx: EventContext) -> None:
    """The newest version acknowledged, in which language, when."""
    fields = {
        "article_id": event.article_id, "employee_id": event.employee_id,
        "acknowledged_version": event.article_version, "acknowledged_language": event.language,
        "acknowledged_at": ctx.envelope.time,
    }  # fmt: skip
    key = reader_key(event.article_id, event.employee_id)
    ctx.writes.upsert_if_newer(ctx.models[READERS], key, ctx.version, fields)
