"""Who reads what: a reader's current facts as audience keys, editors of a channel.

A reader sees a published (or archived) article when their current facts share an
include key and no exclude key, or when they were obliged to read it; its channel's
editors and platform admins see every article of the channel, drafts included.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from collab_replicas import Person, Replicas
from servicekit.projection import ReadModels

from news_service.domain.audience import GROUP_KEY, reader_keys
from news_service.domain.errors import ArticleNotFound
from news_service.domain.model import Caller
from news_service.projections.names import ARTICLES, CHANNELS, OBLIGED

Doc = dict[str, Any]
READABLE = ("published", "archived")
OBLIGED_FIELDS = {"article_id": 1, "since": 1}


@dataclass(frozen=True, slots=True)
class Reader:
    """The caller with their current facts."""

    caller: Caller
    person: Person
    keys: tuple[str, ...]
    groups_read: bool = True  # False: ``keys`` lack the groups, see ``with_groups``

    @property
    def employee_id(self) -> str:
        """The reader's id."""
        return self.caller.employee_id


async def reader_of(replicas: Replicas, caller: Caller, *, groups: bool = True) -> Reader:
    """The caller's current facts (unknown people: active, no facts), the person and their
    groups read at once; without ``groups`` only the person (``with_groups`` adds them)."""
    if not groups:
        person = await replicas.people.person(caller.employee_id)
        return _reader(caller, person, None)
    person, memberships = await asyncio.gather(
        replicas.people.person(caller.employee_id), replicas.groups.groups_of(caller.employee_id)
    )
    return _reader(caller, person, [m.group_id for m in memberships])


async def with_groups(replicas: Replicas, reader: Reader) -> Reader:
    """The reader with their groups' keys (read now if they were not)."""
    if reader.groups_read:
        return reader
    memberships = await replicas.groups.groups_of(reader.employee_id)
    return _reader(reader.caller, reader.person, [m.group_id for m in memberships])


def _reader(caller: Caller, person: Person | None, groups: list[str] | None) -> Reader:
    person = person or Person(caller.employee_id, active=True)
    keys = tuple(reader_keys(person, groups or ()))
    return Reader(caller, person, keys, groups_read=groups is not None)


def names_groups(doc: Doc) -> bool:
    """Whether the article's audience includes or excludes a group."""
    keys = (*doc.get("inc_keys", ()), *doc.get("exc_keys", ()))
    return any(key.startswith(GROUP_KEY) for key in keys)


def in_audience(doc: Doc, reader: Reader) -> bool:
    """Whether the reader's current facts share an include key and no exclude key (a
    reader whose groups were not read must not be matched against a group rule)."""
    if not reader.groups_read and names_groups(doc):
        raise ValueError("the reader's groups were not read")
    keys = set(reader.keys)
    return not keys.isdisjoint(doc.get("inc_keys", ())) and keys.isdisjoint(doc.get("exc_keys", ()))


async def edits(models: ReadModels, channel_id: str, caller: Caller) -> bool:
    """Editors of the channel and platform admins."""
    if caller.admin:
        return True
    channel = await models[CHANNELS].find_one({"_id": channel_id}, {"editors": 1})
    return channel is not None and caller.employee_id in channel.get("editors", ())


async def obliged_articles(models: ReadModels, employee_id: str) -> dict[str, str]:
    """Every must-read the employee was obliged to, with the earliest time they were.

    One query on the chunks' multikey index alone (SecantusDB scans the collection for a
    query that adds a condition on another field), the article picked out here.
    """
    found: dict[str, str] = {}
    async for doc in models[OBLIGED].find({"employee_ids": employee_id}, OBLIGED_FIELDS):
        since = found.get(doc["article_id"])
        found[doc["article_id"]] = doc["since"] if since is None else min(since, doc["since"])
    return found


async def obliged(models: ReadModels, article_id: str, employee_id: str) -> bool:
    """Whether the employee was obliged to read the article."""
    return article_id in await obliged_articles(models, employee_id)


async def readable_article(models: ReadModels, article_id: str, reader: Reader) -> tuple[Doc, bool]:
    """The article document and whether the reader edits it; 404 for anyone else."""
    doc = await models[ARTICLES].find_one({"_id": article_id})
    if doc is None:
        raise ArticleNotFound("no such article")
    if await edits(models, doc["channel_id"], reader.caller):
        return doc, True
    published_once = doc.get("version", 0) > 0
    if not reader.person.active or doc["status"] not in READABLE or not published_once:
        raise ArticleNotFound("no such article")
    if in_audience(doc, reader) or await obliged(models, article_id, reader.employee_id):
        return doc, False
    raise ArticleNotFound("no such article")
