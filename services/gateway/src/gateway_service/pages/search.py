"""One search box over people, groups, posts and articles: each service's search, merged."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from gateway_service import i18n
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api, ServiceApi, ServiceProblem, ServiceUnavailable
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)])
PER_KIND = 10
# A hit whose title starts with the query outranks the services' own order by this much.
TITLE_PREFIX_BONUS = 1.0


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result of any kind."""

    kind: str  # person | group | post | article
    title: str
    url: str
    snippet: str
    score: float


def rank(query: str, kind: str, items: list[dict[str, Any]]) -> list[Hit]:
    """A service's hits (best first) as scored Hits: its order, plus a title-prefix bonus."""
    folded = query.casefold().strip()
    hits = []
    for position, item in enumerate(items):
        title, url, snippet = _describe(kind, item)
        bonus = TITLE_PREFIX_BONUS if folded and title.casefold().startswith(folded) else 0.0
        hits.append(Hit(kind, title, url, snippet, 1.0 / (position + 1) + bonus))
    return hits


def merge(ranked: list[list[Hit]]) -> list[Hit]:
    """Every kind's hits in one list, best score first (stable within a kind)."""
    return sorted((hit for hits in ranked for hit in hits), key=lambda h: -h.score)


def _describe(kind: str, item: dict[str, Any]) -> tuple[str, str, str]:
    if kind == "person":
        meta = " · ".join(x for x in (item.get("job_title"), item.get("department")) if x)
        return item["display_name"], f"/people/{item['id']}", meta
    if kind == "group":
        return item["name"], f"/groups/{item['id']}", item.get("description", "")[:200]
    if kind == "article":
        return item["title"], f"/news/{item['id']}?lang={item['language']}", item.get("summary", "")
    author = (item.get("author") or {}).get("display_name") or ""
    return author, f"/posts/{item['id']}", str(item.get("text", ""))[:200]


SOURCES = {
    "person": ("profile", "/v1/employees"),
    "group": ("group", "/v1/groups"),
    "post": ("feed", "/v1/posts"),
    "article": ("news", "/v1/news"),
}


async def _search(api: ServiceApi, kind: str, q: str) -> list[Hit] | None:
    """One service's hits; None when it could not answer (the page says so)."""
    service, path = SOURCES[kind]
    extra = {"lang": i18n.current_locale()} if kind == "article" else {}
    try:
        page = await api.get(service, path, q=q, limit=PER_KIND, **extra)
    except (ServiceProblem, ServiceUnavailable):
        return None
    return rank(q, kind, page.get("items", []))


@router.get("/search", response_class=HTMLResponse)
async def search(
    request: Request, person: SignedIn, api: Api, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """People, groups, posts and articles matching ``q``, in one ranked list."""
    q = q.strip()
    results: dict[str, list[Hit] | None] = {}
    if q:
        found = await asyncio.gather(*(_search(api, kind, q) for kind in SOURCES))
        results = dict(zip(SOURCES, found, strict=True))
    hits = merge([r for r in results.values() if r])
    missing = [kind for kind, r in results.items() if r is None]
    return render(request, "search/results.html", q=q, hits=hits, missing=missing)
