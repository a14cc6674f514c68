"""Reach reports for a channel's editors and platform admins: analytics, CSV of
acknowledgements."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from news_service.api.deps import CONSISTENT, ArticleId, CurrentReader, PortsDep
from news_service.api.errors import DomainRoute, raises
from news_service.domain import errors
from news_service.queries.access import readable_article
from news_service.queries.analytics import Analytics, acknowledgements_csv, analytics

router = APIRouter(prefix="/v1/articles", tags=["reports"], route_class=DomainRoute)
CSV_BODY = {"text/csv": {"schema": {"type": "string"}}}
CSV: dict[int | str, dict[str, Any]] = {200: {"content": CSV_BODY, "description": "CSV"}}
EDITORS = raises(errors.ArticleNotFound, errors.NotAllowed)


async def _edited(ports: Any, article_id: str, reader: Any) -> dict[str, Any]:
    doc, editor = await readable_article(ports.models, article_id, reader)
    if not editor:
        raise errors.NotAllowed("reports are for the channel's editors and platform admins")
    return doc


@router.get("/{article_id}/analytics", dependencies=[CONSISTENT], responses=EDITORS)
async def article_analytics(
    article_id: ArticleId, reader: CurrentReader, ports: PortsDep
) -> Analytics:
    """Audience, read, acknowledged, pending: in total, by country, department, language."""
    doc = await _edited(ports, article_id, reader)
    return await analytics(ports.replicas, ports.models, ports.store, ports.snapshots, doc)


@router.get(
    "/{article_id}/acknowledgements.csv", dependencies=[CONSISTENT],
    response_class=Response, responses=EDITORS | CSV,
)  # fmt: skip
async def export_acknowledgements(
    article_id: ArticleId, reader: CurrentReader, ports: PortsDep
) -> Response:
    """Every acknowledgement (employee, version, language, time) for audits."""
    await _edited(ports, article_id, reader)
    return Response(await acknowledgements_csv(ports.models, article_id), media_type="text/csv")
