"""News comments and reactions: the article's author and the comment's author, grouped,
within the article's audience, only while it is published; a comment before its article."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collab_events.news import (
    ArticleCommentAdded,
    ArticleContent,
    ArticleDrafted,
    ArticlePublished,
    ArticleReactionSet,
    ArticleUnpublished,
    AudienceCriteria,
    CommentContent,
    Headline,
    NewsAudience,
    Translation,
)
from notification_service.projections.names import ARTICLES
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, Upstream, new_id, register, settle, wait_notifications


def _published(article_id: str, country: str) -> ArticlePublished:
    return ArticlePublished(
        article_id=article_id, channel_id="c-1", article_version=1, languages=["en"],
        default_language="en", headlines={"en": Headline(title="Quarterly results")},
        audience=NewsAudience(include=AudienceCriteria(countries=[country])),
        published_at=datetime.now(UTC).isoformat(),
    )  # fmt: skip


def _drafted(article_id: str, author: str) -> ArticleDrafted:
    content = ArticleContent(
        translations={"en": Translation(title="Quarterly results")}, default_language="en"
    )
    return ArticleDrafted(article_id=article_id, channel_id="c-1", author_id=author,
                          content=content)  # fmt: skip


def _comment(article_id: str, comment_id: str, author: str) -> ArticleCommentAdded:
    return ArticleCommentAdded(article_id=article_id, comment_id=comment_id, author_id=author,
                               content=CommentContent(text="Great news"))  # fmt: skip


def _reaction(
    article_id: str, who: str, author: str, country: str, comment_id: str | None = None
) -> ArticleReactionSet:
    return ArticleReactionSet(
        article_id=article_id, employee_id=who, channel_id="c-1", target_author_id=author,
        comment_id=comment_id, reaction="celebrate",
        audience=NewsAudience(include=AudienceCriteria(countries=[country])),
    )  # fmt: skip


async def _grouped(api: Api, who: str, actors: int) -> dict[str, Any]:
    """The person's only notification once it names ``actors`` people."""
    found: list[dict[str, Any]] = []

    async def grouped() -> bool:
        found[:] = await api.notifications(who)
        return len(found) == 1 and found[0]["actor_count"] == actors

    await eventually(grouped, timeout_s=60)
    return found[0]


async def test_comments_and_reactions_tell_the_authors_grouped(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    country = "K" + new_id()[-1].upper()
    editor, anna, ben, moved = new_id(), new_id(), new_id(), new_id()
    await register(upstream, service, editor, "Eva Editor", country="ZZ", locale="de")
    await register(upstream, service, anna, "Anna Müller", country=country)
    await register(upstream, service, ben, "Ben Ng", country=country)
    await register(upstream, service, moved, "Mo Moved", country="YY")
    article = new_id("a")
    stream = f"article:{article}"
    await upstream.publish("news", stream, _drafted(article, editor), actor=editor)
    await upstream.publish("news", stream, _published(article, country), actor=editor)
    # Two comments: one grouped notification for the article's author (outside the
    # audience, but the author), in their language.
    for who, comment in ((anna, "k-a" + article), (ben, "k-b" + article)):
        await upstream.publish("news", f"{stream}/comment:{comment}",
                               _comment(article, comment, who), actor=who)  # fmt: skip
    commented = await _grouped(api, editor, 2)
    assert commented["type"] == "comment_on_post"
    # Newest first; two streams, so either may be applied last.
    assert commented["title"] in {
        f"{a} und {b} haben deinen Artikel kommentiert"
        for a, b in (("Ben Ng", "Anna Müller"), ("Anna Müller", "Ben Ng"))
    }
    assert commented["link"] == f"/articles/{article}"
    # Reactions to Anna's comment: Anna, grouped; her own reaction tells nobody.
    comment = "k-a" + article
    for who in (ben, editor, anna):
        reaction = _reaction(article, who, anna, country, comment)
        await upstream.publish("news", f"{stream}/comment:{comment}/reaction:{who}", reaction,
                               actor=who)  # fmt: skip
    reacted = await _grouped(api, anna, 2)
    assert reacted["type"] == "reaction"
    assert reacted["title"] in {
        f"{a} and {b} reacted to your comment"
        for a, b in (("Ben Ng", "Eva Editor"), ("Eva Editor", "Ben Ng"))
    }
    assert reacted["link"] == f"/articles/{article}#comment-{comment}"
    # A comment author the audience no longer admits (moved away) is not told.
    await upstream.publish("news", f"{stream}/comment:k-m{article}",
                           _comment(article, "k-m" + article, moved), actor=moved)  # fmt: skip
    reaction = _reaction(article, ben, moved, country, "k-m" + article)
    await upstream.publish("news", f"{stream}/comment:k-m{article}/reaction:{ben}", reaction,
                           actor=ben)  # fmt: skip
    # Unpublished: nobody hears of it any more.
    await upstream.publish("news", stream, ArticleUnpublished(article_id=article), actor=editor)
    articles = service.runtime.models[ARTICLES]

    async def withdrawn() -> bool:  # other streams are not ordered after the article's
        doc = await articles.find_one({"_id": article})
        return doc is not None and not doc.get("live")

    await eventually(withdrawn, timeout_s=30)
    await upstream.publish("news", f"{stream}/reaction:{ben}",
                           _reaction(article, ben, editor, country), actor=ben)  # fmt: skip
    await settle()
    assert await api.notifications(moved) == []
    assert [n["type"] for n in await api.notifications(editor)] == ["comment_on_post"]


async def test_a_comment_before_its_article_waits_for_it(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    country = "W" + new_id()[-1].upper()
    editor, reader = new_id(), new_id()
    await register(upstream, service, editor, "Ed Early", country=country)
    await register(upstream, service, reader, "Rita Reader", country=country)
    article = new_id("a")
    comment = "k-" + article
    await upstream.publish("news", f"article:{article}/comment:{comment}",
                           _comment(article, comment, reader), actor=reader)  # fmt: skip
    await settle()
    assert await api.notifications(editor) == []
    await upstream.publish("news", f"article:{article}", _drafted(article, editor), actor=editor)
    await upstream.publish("news", f"article:{article}", _published(article, country),
                           actor=editor)  # fmt: skip
    [told] = await wait_notifications(api, editor, 1)
    assert told["type"] == "comment_on_post"
    assert told["title"] == "Rita Reader commented on your article"
