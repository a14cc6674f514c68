"""Notification views: the title in the reader's language, actors by name, the link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from collab_events.notification import NotificationType
from collab_replicas import Person, Replicas
from pydantic import BaseModel, Field

from notification_service.domain.render import language_of, render_title

LATEST_ACTORS = 3


class Actor(BaseModel):
    """Someone who caused the notification."""

    id: str
    name: str | None = None


class NotificationView(BaseModel):
    """One notification (a group of several causes counts its actors)."""

    id: str
    type: NotificationType
    title: str
    link: str
    target: dict[str, str]
    actors: list[Actor] = Field(description="The latest actors, newest first.")
    actor_count: int
    read: bool
    created_at: datetime
    updated_at: datetime


def _latest(doc: dict[str, Any]) -> list[str]:
    times = doc.get("actor_times") or {}
    return sorted(doc.get("actor_ids") or [], key=lambda a: times.get(a) or 0, reverse=True)


def _context(doc: dict[str, Any], language: str, group_title: str | None) -> dict[str, str | None]:
    context = dict(doc.get("context") or {})
    headlines = context.pop("headlines", None) or {}
    if headlines:
        by_primary = {k.split("-")[0].lower(): v for k, v in headlines.items()}
        fallback = headlines.get(context.get("default_language") or "") or next(
            iter(headlines.values())
        )
        context["article"] = by_primary.get(language) or by_primary.get("en") or fallback
    context["group"] = group_title
    return {k: v if isinstance(v, str) else None for k, v in context.items()}


async def views(
    replicas: Replicas,
    reader: str,
    docs: Sequence[dict[str, Any]],
    people: Mapping[str, Person] | None = None,
) -> list[NotificationView]:
    """Views of the reader's notifications, rendered in the reader's locale.

    ``people``: persons read already (a known id is not read again; an unknown one is).
    """
    known = people or {}
    me = known[reader] if reader in known else await replicas.people.person(reader)
    language = language_of(me.locale if me else None)
    actor_ids = {a for doc in docs for a in _latest(doc)[:LATEST_ACTORS]}
    people = {a: known[a] for a in actor_ids if a in known}
    if missing := actor_ids - set(people):
        people.update(await replicas.people.people_by_id(missing))
    found = []
    groups: dict[str, Any] = {}
    for doc in docs:
        group_id = doc.get("group_id")
        if group_id and group_id not in groups:
            groups[group_id] = await replicas.groups.group(group_id)
        group = groups[group_id] if group_id else None
        latest = _latest(doc)[:LATEST_ACTORS]
        names = [n for a in latest if a in people and (n := people[a].name)]
        count = len(doc.get("actor_ids") or [])
        context = _context(doc, language, group.title if group else None)
        title = render_title(
            doc["type"], language, actors=names, count=max(count, 1), context=context
        )
        found.append(
            NotificationView(
                id=doc["_id"],
                type=doc["type"],
                title=title,
                link=doc["target"]["link"],
                target={"kind": doc["target"]["kind"], "id": doc["target"]["id"]},
                actors=[Actor(id=a, name=people[a].name if a in people else None) for a in latest],
                actor_count=count,
                read=bool(doc.get("read")),
                created_at=doc["created_at"],
                updated_at=doc["updated_at"],
            )
        )
    return found
