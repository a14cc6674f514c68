"""News articles in a reader's home feed: audience from the feed's replicas, best language.

The audience is decided on the reader's *current* facts in the feed's own people replica
and their groups in its membership replica (``collab_replicas.audience``), on every read:
someone who moves country or leaves a group sees the change at once.
"""

from __future__ import annotations

from typing import Any

from collab_events.news import AudienceCriteria
from collab_replicas import Person
from collab_replicas.audience import Audience, Criteria

from feed_service.domain.languages import best_language
from feed_service.projections.names import ARTICLES
from feed_service.queries.items import ArticleItem
from feed_service.queries.reader import BATCH, MAX_SCAN, PostReader

Doc = dict[str, Any]
CRITERIA_FIELDS = tuple(AudienceCriteria.model_fields)


def _criteria(stored: Doc) -> Criteria:
    """Criteria from a stored ``AudienceCriteria`` dump (validated when the event was read)."""
    return Criteria(**{name: tuple(stored.get(name) or ()) for name in CRITERIA_FIELDS})


def audience_of(doc: Doc) -> Audience:
    """The article's audience as the replicas match it (no include list: the whole company)."""
    stored: Doc = doc.get("audience") or {}
    include: Doc = stored.get("include") or {}
    exclude = _criteria(stored.get("exclude") or {})
    if stored.get("everyone") or not any(include.get(name) for name in CRITERIA_FIELDS):
        return Audience(exclude=exclude, everyone=True)
    return Audience(include=_criteria(include), exclude=exclude)


class ArticleReader:
    """One request's view of the articles: the reader's facts and groups read once."""

    def __init__(self, reader: PostReader) -> None:
        self.reader = reader
        self._facts: tuple[Person, list[str]] | None = None

    async def facts(self) -> tuple[Person, list[str]]:
        """The reader's current facts (unknown: active, no facts) and live groups."""
        if self._facts is None:
            me, replicas = self.reader.caller.employee_id, self.reader.replicas
            person = await replicas.people.person(me) or Person(me, active=True)
            groups = [m.group_id for m in await replicas.groups.groups_of(me)]
            self._facts = (person, groups)
        return self._facts

    async def admits(self, doc: Doc) -> bool:
        """Whether the live article is for the reader now."""
        person, groups = await self.facts()
        return bool(doc.get("live")) and audience_of(doc).admits(person, groups)

    async def scan(self, after: str | None, limit: int) -> tuple[list[Doc], str | None]:
        """Articles for the reader, newest first before key ``after``; the scan boundary.

        The boundary: every article for the reader with a key at or above it is in the
        list (None: all of them); reads at most MAX_SCAN documents.
        """
        found: list[Doc] = []
        # The first batch is one more than the page (most articles are for everyone).
        scanned, last, size = 0, after, min(BATCH, limit + 1)
        while scanned < MAX_SCAN:
            ranged = {"$lt": last} if last else {"$gt": ""}
            query = {"live": True, "key": ranged}
            batch = await self.reader.models[ARTICLES].find(query).sort("key", -1).to_list(size)
            for doc in batch:
                scanned, last = scanned + 1, doc["key"]
                if await self.admits(doc):
                    found.append(doc)
                    if len(found) > limit:
                        return found[:limit], found[limit - 1]["key"]
            if len(batch) < size:
                return found, None
            size = BATCH
        return found, last

    async def item(self, doc: Doc) -> ArticleItem:
        """The article in the reader's language."""
        person, _ = await self.facts()
        headlines: dict[str, Doc] = doc.get("headlines") or {}
        available = list(headlines) or list(doc["languages"])
        tag = best_language(available, person.locale, doc["default_language"])
        shown = headlines.get(tag, {"title": "", "summary": ""})
        return ArticleItem(
            id=doc["_id"],
            channel_id=doc["channel_id"],
            version=doc["version"],
            language=tag,
            languages=sorted(doc["languages"]),
            title=shown["title"],
            summary=shown.get("summary", ""),
            must_read=bool(doc.get("must_read")),
            acknowledge_by=doc.get("acknowledge_by"),
            published_at=doc["published_at"],
            updated_at=doc["updated_at"],
        )
