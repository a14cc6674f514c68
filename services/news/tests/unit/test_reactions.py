"""Reaction decisions on the in-memory event store: one per person and target, replaced,
repeated without a new event, removed once, refused where responses are closed."""

from __future__ import annotations

import pytest
from collab_events.news import ArticleReactionRemoved, ArticleReactionSet, NewsAudience
from news_service.domain import errors
from news_service.domain.reactions import (
    REACTION,
    React,
    Target,
    decide_reaction,
    reaction_subject,
    subject_of,
)
from servicekit.commands import execute, one_stream
from servicekit.memorystore import InMemoryEventStore

TARGET = Target("a-1", "c-1", "e-1", NewsAudience(), open=True)


async def _run(store: InMemoryEventStore, command: React) -> int:
    handler = one_stream(REACTION, subject_of, decide_reaction, store)
    return (await execute(store, handler, command)).result.version


async def test_a_new_type_replaces_and_the_same_again_appends_nothing() -> None:
    store = InMemoryEventStore()
    assert await _run(store, React(TARGET, "e-2", "like")) == 1
    assert await _run(store, React(TARGET, "e-2", "like")) == 1
    assert await _run(store, React(TARGET, "e-2", "curious")) == 2
    assert await _run(store, React(TARGET, "e-2", None)) == 3
    assert await _run(store, React(TARGET, "e-2", None)) == 3
    events = [r.event for r in await store.load(reaction_subject("a-1", "e-2"))]
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["ArticleReactionSet", "ArticleReactionSet", "ArticleReactionRemoved"]
    for event in events:
        assert isinstance(event, ArticleReactionSet | ArticleReactionRemoved)
        assert (event.target_author_id, event.channel_id) == ("e-1", "c-1")


async def test_comment_reactions_have_their_own_stream() -> None:
    store = InMemoryEventStore()
    on_comment = Target("a-1", "c-1", "e-3", NewsAudience(), open=True, comment_id="k-1")
    await _run(store, React(on_comment, "e-2", "support"))
    await _run(store, React(TARGET, "e-2", "like"))
    [recorded] = await store.load(reaction_subject("a-1", "e-2", "k-1"))
    assert recorded.event.comment_id == "k-1" and recorded.event.target_author_id == "e-3"  # type: ignore[attr-defined]


async def test_closed_articles_refuse_but_a_removal_still_goes_through() -> None:
    store = InMemoryEventStore()
    await _run(store, React(TARGET, "e-2", "like"))
    closed = Target("a-1", "c-1", "e-1", NewsAudience(), open=False)
    with pytest.raises(errors.ReactionsClosed):
        await _run(store, React(closed, "e-2", "celebrate"))
    assert await _run(store, React(closed, "e-2", None, erased=True)) == 2
    [*_, last] = await store.load(reaction_subject("a-1", "e-2"))
    assert isinstance(last.event, ArticleReactionRemoved) and last.event.erased
