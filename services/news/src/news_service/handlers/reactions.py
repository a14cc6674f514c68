"""Reaction use cases: set or remove mine, and remove an erased person's reactions."""

from __future__ import annotations

from dataclasses import replace

from servicekit.commands import CommandResult, execute, one_stream
from servicekit.streams import Metadata

from news_service.domain.errors import ArticleNotFound, CommentNotFound
from news_service.domain.reactions import REACTION, React, decide_reaction, subject_of
from news_service.ports import Ports
from news_service.projections.names import ARTICLES
from news_service.queries.reactions import target

REACTOR_FIELD = "employee_id"  # of reaction events; indexed in the event store (app.py)


async def react(ports: Ports, command: React, metadata: Metadata | None = None) -> CommandResult:
    """Set or remove the reaction (the same one again changes nothing)."""
    handler = one_stream(REACTION, subject_of, decide_reaction, ports.store)
    chosen = metadata or Metadata(actor_id=command.employee_id)
    return (await execute(ports.store, handler, command, metadata=chosen)).result


async def remove_erased_reactions(ports: Ports, employee_id: str, metadata: Metadata) -> None:
    """Each live reaction of the person gets ``ArticleReactionRemoved(erased)``.

    The reaction streams are found in the event store by ``employee_id``: the read
    model may not hold a reaction written just before the erasure arrived. A stream
    whose reaction is already removed changes nothing.
    """
    for subject in await ports.store.streams_where(REACTOR_FIELD, employee_id):
        head, sep, reactor = subject.rpartition("/reaction:")
        if not sep or reactor != employee_id:
            continue  # another stream of theirs (a read, an acknowledgement)
        article_id, _, comment = head.removeprefix("article:").partition("/comment:")
        article = await ports.models[ARTICLES].find_one({"_id": article_id})
        if article is None:
            continue
        try:
            about = await target(ports.models, article, comment or None)
        except (ArticleNotFound, CommentNotFound):
            about = await target(ports.models, article, None)
            about = replace(about, comment_id=comment or None)
        await react(ports, React(about, employee_id, None, erased=True), metadata)
