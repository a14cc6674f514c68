"""GDPR Art. 15/20: everything the news service holds about one employee, as one document.

Every section is read from its read model by the employee's indexed field in batches of
``BATCH`` documents by ``_id`` (complete, never one unbounded query); only the versions of
the articles the employee authored come from the event store (the read model keeps the
current version alone).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from collab_events.news import ArticlePublished
from pymongo.asynchronous.collection import AsyncCollection
from servicekit.batches import batches
from servicekit.streams import EventStorePort

from news_service.domain.streams import article_subject
from news_service.ports import Ports
from news_service.projections.names import (
    ARTICLES,
    CHANNELS,
    COMMENTS,
    REACTIONS,
    READERS,
)
from news_service.queries import export_models as m
from news_service.queries.access import obliged_articles

Doc = dict[str, Any]
BATCH = 200  # documents per read: each section is a loop of bounded range queries


async def export_employee(ports: Ports, employee_id: str) -> m.NewsExport:
    """The employee's facts, groups, channels, articles, comments, reactions and reads."""
    models = ports.models
    mine = {"employee_id": employee_id}
    return m.NewsExport(
        employee_id=employee_id,
        exported_at=datetime.now(UTC),
        known_facts=await _facts(ports, employee_id),
        groups=[
            m.MyMembership(group_id=g.group_id, role=g.role, since=g.since)
            for g in await ports.replicas.groups.groups_of(employee_id)
        ],
        channels=[c async for c in _channels(ports, employee_id)],
        authored_articles=[a async for a in _articles(ports, employee_id)],
        comments=[_comment(d) async for d in _each(models[COMMENTS], {"author_id": employee_id})],
        reactions=[_reaction(d) async for d in _each(models[REACTIONS], mine) if d.get("reaction")],
        readings=[m.MyReading.model_validate(d) async for d in _each(models[READERS], mine)],
        must_read_obligations=[
            m.MyObligation(article_id=article, since=since)
            for article, since in sorted((await obliged_articles(models, employee_id)).items())
        ],
    )


async def _each(collection: AsyncCollection[Doc], query: Doc) -> AsyncIterator[Doc]:
    async for docs in batches(collection, query, size=BATCH):
        for doc in docs:
            yield doc


async def _facts(ports: Ports, employee_id: str) -> m.KnownFacts | None:
    person = await ports.replicas.people.person(employee_id)
    if person is None:
        return None
    return m.KnownFacts.model_validate(asdict(person))


async def _channels(ports: Ports, employee_id: str) -> AsyncIterator[m.MyChannel]:
    query = {"$or": [{"editors": employee_id}, {"created_by": employee_id}]}
    async for doc in _each(ports.models[CHANNELS], query):
        yield m.MyChannel(
            id=doc["_id"], title=doc.get("title", ""),
            editor=employee_id in doc.get("editors", ()),
            created_by_me=doc.get("created_by") == employee_id,
        )  # fmt: skip


async def _articles(ports: Ports, employee_id: str) -> AsyncIterator[m.AuthoredArticle]:
    async for doc in _each(ports.models[ARTICLES], {"author_id": employee_id}):
        headlines: dict[str, Doc] = doc.get("headlines") or {}
        yield m.AuthoredArticle(
            id=doc["_id"], channel_id=doc["channel_id"], status=doc["status"],
            version=doc.get("version", 0), default_language=doc["default_language"],
            titles={tag: h["title"] for tag, h in headlines.items()},
            must_read=bool(doc.get("must_read")), created_at=doc["created_at"],
            updated_at=doc["updated_at"], publish_at=doc.get("publish_at"),
            first_published_at=doc.get("first_published_at"),
            published_at=doc.get("published_at"),
            versions=await published_versions(ports.store, doc["_id"]),
        )  # fmt: skip


async def published_versions(store: EventStorePort, article_id: str) -> list[m.PublishedVersion]:
    """Every published version of the article with its titles, from its stream."""
    recorded = await store.load(article_subject(article_id))
    published = [r.event for r in recorded if isinstance(r.event, ArticlePublished)]
    return [
        m.PublishedVersion(
            version=e.article_version,
            published_at=e.published_at,
            titles={tag: h.title for tag, h in e.headlines.items()},
        )
        for e in published
    ]


def _comment(doc: Doc) -> m.MyComment:
    return m.MyComment(
        id=doc["_id"], article_id=doc["article_id"], text=doc.get("text", ""),
        created_at=doc["created_at"], edited_at=doc.get("edited_at"),
    )  # fmt: skip


def _reaction(doc: Doc) -> m.MyReaction:
    _, _, comment = str(doc.get("target", "")).partition("/comment:")
    return m.MyReaction(
        article_id=doc["article_id"], comment_id=comment or None, reaction=doc["reaction"]
    )
