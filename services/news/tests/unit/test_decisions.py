"""Decisions and the command path on the in-memory event store: rights, versions,
idempotent repeats, races between two timers, reminder rounds, language negotiation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from collab_events.news import ArticleContent, ArticlePublished, Translation
from news_service.domain import errors
from news_service.domain.articles import decide_draft, decide_edit, decide_publish
from news_service.domain.commands import (
    ArticleContext,
    DraftArticle,
    EditArticle,
    Frozen,
    PublishArticle,
    SendReminders,
)
from news_service.domain.language import negotiate
from news_service.domain.model import (
    ARTICLE,
    ROUNDS,
    ArticleState,
    Caller,
    ChannelState,
    format_time,
)
from news_service.domain.reading import decide_reminders
from news_service.domain.streams import reminders_subject
from servicekit.commands import execute, one_stream
from servicekit.memorystore import InMemoryEventStore

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
EDITOR = Caller("e-1", roles=frozenset({"communicator"}))
CHANNEL = ChannelState(True, "News", "", ("e-1",))
CONTENT = ArticleContent(
    translations={"en": Translation(title="Hi"), "de": Translation(title="Hallo")},
    default_language="en", must_read=True,
)  # fmt: skip


def ctx(state: ArticleState | None = None) -> ArticleContext:
    return ArticleContext(state or ArticleState(), CHANNEL)


def drafted() -> ArticleState:
    decision = decide_draft(DraftArticle("a-1", "c-1", CONTENT, EDITOR), ctx())
    return ARTICLE.fold(decision.events("article:a-1"))


def test_negotiation_prefers_exact_then_language_then_default() -> None:
    available = ["de", "de-AT", "en-GB"]
    assert negotiate(available, ["de-at"], "de") == "de-AT"
    assert negotiate(available, ["de-CH"], "de") == "de"
    assert negotiate(available, ["en-US"], "de") == "en-GB"
    assert negotiate(available, ["fr-FR"], "de") == "de"
    assert negotiate(available, [None], "en-GB") == "en-GB"


def test_only_editors_draft_and_only_communicating_editors_publish() -> None:
    outsider = Caller("e-2", roles=frozenset({"communicator"}))
    with pytest.raises(errors.NotAllowed):
        decide_draft(DraftArticle("a-1", "c-1", CONTENT, outsider), ctx())
    state = drafted()
    without_role = Caller("e-1")
    with pytest.raises(errors.NotAllowed):
        decide_publish(PublishArticle("a-1", NOW, Frozen(1), without_role), ctx(state))
    with pytest.raises(errors.ArticleNotFound):  # a draft does not exist for non-editors
        decide_publish(PublishArticle("a-1", NOW, Frozen(1), outsider), ctx(state))


def test_a_material_edit_of_a_published_must_read_asks_for_reacknowledgement() -> None:
    state = drafted()
    first = decide_publish(PublishArticle("a-1", NOW, Frozen(2, "s-1"), EDITOR), ctx(state))
    state = ARTICLE.fold(first.events("article:a-1"), state)
    assert (state.version, state.required_version) == (1, 1)
    changed = CONTENT.model_copy(update={"hero_image_url": "https://example.com/x.png"})
    minor = decide_edit(EditArticle("a-1", changed, EDITOR, NOW), ctx(state))
    state = ARTICLE.fold(minor.events("article:a-1"), state)
    assert (state.version, state.required_version) == (2, 1)
    material = changed.model_copy(update={"translations": {"en": Translation(title="New")}})
    major = decide_edit(EditArticle("a-1", material, EDITOR, NOW, material=True), ctx(state))
    published = [e for e in major.events("article:a-1") if isinstance(e, ArticlePublished)]
    assert published[0].requires_reacknowledgement
    state = ARTICLE.fold(major.events("article:a-1"), state)
    assert (state.version, state.required_version) == (3, 3)
    again = decide_edit(EditArticle("a-1", material, EDITOR, NOW, material=True), ctx(state))
    assert again.empty


def test_the_timer_publishes_only_when_due_and_only_once() -> None:
    state = ARTICLE.evolve(drafted(), _scheduled(NOW + timedelta(minutes=5)))
    context = ctx(state)
    assert decide_publish(PublishArticle("a-1", NOW, Frozen(0)), context).empty
    due = decide_publish(PublishArticle("a-1", NOW + timedelta(minutes=5), Frozen(0)), context)
    published = ARTICLE.fold(due.events("article:a-1"), state)
    later = ctx(published)
    assert decide_publish(PublishArticle("a-1", NOW + timedelta(hours=1), Frozen(0)), later).empty


def _scheduled(at: datetime) -> object:
    from collab_events.news import ArticleScheduled

    return ArticleScheduled(article_id="a-1", publish_at=format_time(at))


async def test_two_timers_racing_send_one_reminder_round() -> None:
    store = InMemoryEventStore()
    handler = one_stream(ROUNDS, lambda c: reminders_subject(c.article_id), decide_reminders, store)
    pending = tuple(f"e-{n}" for n in range(2500))
    command = SendReminders("a-1", 1, 1, pending)
    await asyncio.gather(*(execute(store, handler, command) for _ in range(5)))
    events = [r.event for r in await store.load("article:a-1/reminders")]
    assert [len(e.employee_ids) for e in events] == [1000, 1000, 500]
    assert {e.round for e in events} == {1}
    second = SendReminders("a-1", 2, 1, ("e-7",))
    await execute(store, handler, second)
    assert len(await store.load("article:a-1/reminders")) == 4
