"""News articles and group polls in feeds, from the news and polling topics.

Articles reach the home feeds of their audience (the reader's current facts in the
feed's replicas) in the reader's language and leave them when unpublished or archived;
group polls show in their group's feed and its members' home feeds, with the group's
visibility, and nothing about ballots ever reaches the feed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from collab_events.news import (
    ArticleArchived,
    ArticlePublished,
    ArticleUnpublished,
    AudienceCriteria,
    Headline,
    NewsAudience,
)
from collab_events.polling import (
    BallotCast,
    BallotCredentialIssued,
    PollCancelled,
    PollClosed,
    PollCreated,
    PollOpened,
    PollOption,
    PollResults,
)
from collab_events.profile import EmployeeProfileUpdated, ProfileFields
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration

TITLES = {"de": "Hallo", "en": "Hello", "en-US": "Howdy"}


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


async def publish_article(
    world: Any,
    article_id: str,
    audience: NewsAudience,
    *,
    version: int = 1,
    titles: dict[str, str] = TITLES,
    must_read: bool = False,
) -> None:
    event = ArticlePublished(
        article_id=article_id,
        channel_id="c-news",
        article_version=version,
        languages=list(titles),
        default_language="en",
        headlines={tag: Headline(title=t, summary=f"{t}!") for tag, t in titles.items()},
        audience=audience,
        must_read=must_read,
        published_at=_now(),
    )
    await world.publish("news", f"article:{article_id}", event)
    await world.until("feed_articles", {"_id": article_id, "version": version, "live": True})


async def open_poll(world: Any, poll_id: str, group_id: str, owner: str) -> None:
    created = PollCreated(
        poll_id=poll_id,
        owner_id=owner,
        question="Where do we meet?",
        options=[PollOption(id="o1", label="Lisbon"), PollOption(id="o2", label="Oslo")],
        group_id=group_id,
        closes_at="2030-01-01T00:00:00Z",
    )
    opened = PollOpened(
        poll_id=poll_id, eligible_count=2, eligible_digest="0" * 64, electorate_id="el-1"
    )
    await world.publish("polling", f"poll:{poll_id}", created)
    await world.publish("polling", f"poll:{poll_id}", opened)
    await world.until("feed_polls", {"_id": poll_id, "listed": True})


async def home_items(api: Any, who: str, limit: int = 100) -> list[dict[str, Any]]:
    answer = await api.call("GET", "/v1/me/feed", who, params={"limit": limit})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


async def home_ids(api: Any, who: str, known: set[str]) -> list[str]:
    """The home feed's item ids among ``known`` (other tests' articles may be there too)."""
    return [item["id"] for item in await home_items(api, who) if item["id"] in known]


async def test_articles_reach_their_audience_in_the_readers_language(api, world, ids) -> None:
    de, us, fr, member, excluded = ids(), ids(), ids(), ids(), ids()
    await world.person(de, country="DE", locale="de-AT")
    await world.person(us, country="US", locale="en-US")
    await world.person(fr, country="FR", locale="fr-FR")
    await world.person(excluded, country="FR")
    group_id = await world.group(member)
    await world.join(group_id, excluded)
    by_country, by_group, for_all = ids("a"), ids("a"), ids("a")
    await publish_article(
        world, by_country, NewsAudience(include=AudienceCriteria(countries=["de", "US"]))
    )
    only_members = NewsAudience(
        include=AudienceCriteria(groups=[group_id]),
        exclude=AudienceCriteria(employees=[excluded]),
    )
    await publish_article(world, by_group, only_members)
    await publish_article(world, for_all, NewsAudience(), must_read=True)
    known = {by_country, by_group, for_all}
    assert await home_ids(api, de, known) == [for_all, by_country]
    assert await home_ids(api, us, known) == [for_all, by_country]
    assert await home_ids(api, fr, known) == [for_all]
    assert await home_ids(api, member, known) == [for_all, by_group]
    assert await home_ids(api, excluded, known) == [for_all]
    served = {
        who: {i["id"]: (i["kind"], i["language"], i["title"]) for i in await home_items(api, who)}
        for who in (de, us, fr)
    }
    assert served[de][by_country] == ("article", "de", "Hallo")  # locale de-AT: its language
    assert served[us][by_country] == ("article", "en-US", "Howdy")  # the locale exactly
    assert served[fr][for_all] == ("article", "en", "Hello")  # no French: the default
    item = next(i for i in await home_items(api, fr) if i["id"] == for_all)
    assert item["must_read"] is True and item["languages"] == ["de", "en", "en-US"]
    # Visibility follows the reader's current facts: moving to Germany brings the article.
    moved = EmployeeProfileUpdated(employee_id=fr, changes=ProfileFields(country="DE"))
    await world.publish("profile", f"employee:{fr}", moved)
    await world.until("people", {"_id": fr, "country": "DE"})
    assert await home_ids(api, fr, known) == [for_all, by_country]
    await world.leave(group_id, member)  # groups count by active membership
    assert await home_ids(api, member, known) == [for_all]


async def test_unpublished_and_archived_articles_leave_the_feed(api, world, ids) -> None:
    reader = ids()
    await world.person(reader)
    article = ids("a")
    audience = NewsAudience(include=AudienceCriteria(employees=[reader]))
    await publish_article(world, article, audience)
    first = [i for i in await home_items(api, reader) if i["id"] == article]
    assert [(i["version"], i["title"]) for i in first] == [(1, "Hello")]
    await world.publish("news", f"article:{article}", ArticleUnpublished(article_id=article))
    await world.until("feed_articles", {"_id": article, "live": False})
    assert await home_ids(api, reader, {article}) == []
    await publish_article(world, article, audience, version=2, titles={"en": "Hello again"})
    again = [i for i in await home_items(api, reader) if i["id"] == article]
    assert [(i["version"], i["title"]) for i in again] == [(2, "Hello again")]
    assert again[0]["published_at"] == first[0]["published_at"]  # it keeps its place
    await world.publish("news", f"article:{article}", ArticleArchived(article_id=article))
    await world.until("feed_articles", {"_id": article, "archived": True})
    assert await home_ids(api, reader, {article}) == []


async def _pages(api: Any, who: str, url: str, limit: int) -> list[list[dict[str, Any]]]:
    pages, cursor = [], None
    for _ in range(20):
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        answer = await api.call("GET", url, who, params=params)
        assert answer.status_code == 200, answer.text
        pages.append(answer.json()["items"])
        cursor = answer.json()["next_cursor"]
        if cursor is None:
            return pages
    raise AssertionError("the cursor never ended")


async def test_cursors_page_through_posts_articles_and_polls(api, world, ids) -> None:
    owner, reader = ids(), ids()
    group_id = await world.group(owner)
    await world.join(group_id, reader)
    audience = NewsAudience(include=AudienceCriteria(employees=[reader]))
    newest_first: list[tuple[str, str]] = []
    for _ in range(2):
        post, _ = await api.post(owner, "team update", group_id)
        article, poll = ids("a"), ids("p")
        await publish_article(world, article, audience)
        await open_poll(world, poll, group_id, owner)
        newest_first[:0] = [("poll", poll), ("article", article), ("post", post)]
    known = {i for _, i in newest_first}

    async def complete() -> bool:
        return set(await home_ids(api, reader, known)) == known

    await eventually(complete, timeout_s=20)  # the posts' fan-out into the timeline
    for limit in (1, 2, 4):
        pages = await _pages(api, reader, "/v1/me/feed", limit)
        assert all(len(page) <= limit for page in pages)
        seen = [(i["kind"], i["id"]) for page in pages for i in page if i["id"] in known]
        assert seen == newest_first, limit
    pages = await _pages(api, reader, f"/v1/groups/{group_id}/posts", 2)
    in_group = [(i["kind"], i["id"]) for page in pages for i in page]
    assert in_group == [item for item in newest_first if item[0] != "article"]


async def test_group_polls_follow_group_visibility_and_tell_nothing_of_ballots(
    api, world, ids, service, problem
) -> None:
    owner, member, outsider = ids(), ids(), ids()
    public = await world.group(owner)
    secret = await world.group(owner, "secret")
    for group_id in (public, secret):
        await world.join(group_id, member)
    open_one, secret_one = ids("p"), ids("p")
    await open_poll(world, open_one, public, owner)
    await open_poll(world, secret_one, secret, owner)
    receipt = ids("receipt")
    for event, subject in (
        (BallotCredentialIssued(poll_id=open_one, employee_id=member), f"voter:{member}"),
        (
            BallotCast(
                poll_id=open_one, ballot_id=member, receipt=receipt, choice=["o2"], voter_id=member
            ),
            f"ballot:{member}",
        ),
    ):
        await world.publish("polling", f"poll:{open_one}/{subject}", event)
    results = PollResults(ballots=1, abstentions=0, eligible=2, counts={"o1": 0, "o2": 1})
    closed = PollClosed(
        poll_id=open_one,
        results=results,
        ballot_count=1,
        credential_count=1,
        ballot_digest="1" * 64,
    )
    await world.publish("polling", f"poll:{open_one}", closed)
    await world.until("feed_polls", {"_id": open_one, "status": "closed"})
    polls = {open_one, secret_one}
    assert set(await home_ids(api, member, polls)) == polls
    assert await home_ids(api, owner, polls) == [secret_one, open_one]
    assert await home_ids(api, outsider, polls) == []  # not a member of either
    listed = await api.call("GET", f"/v1/groups/{public}/posts", outsider)
    [item] = listed.json()["items"]  # a public group's poll: readable like its posts
    assert set(item) == {
        "kind", "id", "group_id", "owner", "question", "description", "poll_kind", "secrecy",
        "options", "status", "opened_at", "closes_at", "ended_at", "why",
    }  # fmt: skip
    assert item["why"] is None  # only the ranked home feed scores items
    assert (item["kind"], item["status"], item["options"][1]["label"]) == ("poll", "closed", "Oslo")
    problem(await api.call("GET", f"/v1/groups/{secret}/posts", outsider), 404)
    await world.leave(secret, member)  # leaving ends it at once
    assert await home_ids(api, member, polls) == [open_one]
    problem(await api.call("GET", f"/v1/groups/{secret}/posts", member), 404)
    # Nothing of the ballot is kept anywhere in the feed's database.
    database = service.runtime.models.db
    for name in await database.list_collection_names():
        async for doc in database[name].find({}):
            text = json.dumps(doc, default=str)
            assert receipt not in text and '"o2"' not in text.replace('"id": "o2"', ""), name


async def test_a_rebuilt_content_projection_equals_the_live_one(api, world, ids, service) -> None:
    owner, reader = ids(), ids()
    group_id = await world.group(owner, "private")
    article, poll = ids("a"), ids("p")
    audience = NewsAudience(include=AudienceCriteria(employees=[reader]))
    await publish_article(world, article, audience)
    await publish_article(world, article, audience, version=2, titles={"de": "Neu"})
    await world.publish("news", f"article:{article}", ArticleUnpublished(article_id=article))
    await open_poll(world, poll, group_id, owner)
    await world.publish("polling", f"poll:{poll}", PollCancelled(poll_id=poll, reason="dup"))
    await world.until("feed_articles", {"_id": article, "live": False})
    await world.until("feed_polls", {"_id": poll, "status": "cancelled"})
    runtime = service.runtime
    content = next(p for p in runtime.definition.projections if p.name == "content")

    async def snapshot() -> dict[str, list[dict[str, Any]]]:
        return {
            name: await runtime.db[name].find({}).sort("_id", 1).to_list(None)
            for name in ("feed_articles", "feed_polls")
        }

    before = await snapshot()
    await rebuild(runtime.settings, content, runtime.models, timeout_s=120)
    assert await snapshot() == before
    assert any(d["_id"] == poll for d in before["feed_polls"])


async def test_the_ranked_feed_scores_articles_and_polls_with_why(api, world, ids) -> None:
    owner, reader = ids(), ids()
    group_id = await world.group(owner)
    await world.join(group_id, reader)
    article, poll = ids("a"), ids("p")
    audience = NewsAudience(include=AudienceCriteria(employees=[reader]))
    await publish_article(world, article, audience, must_read=True)
    await open_poll(world, poll, group_id, owner)
    post, _ = await api.post(owner, "plain update", group_id)
    known = {article, poll, post}

    async def ranked() -> list[dict[str, Any]]:
        page = await api.call("GET", "/v1/me/feed", reader, params={"order": "ranked"})
        assert page.status_code == 200, page.text
        return [i for i in page.json()["items"] if i["id"] in known]

    async def complete() -> bool:
        return len(await ranked()) == 3

    await eventually(complete, timeout_s=20)
    items = await ranked()
    # a must-read for me outweighs an open poll of my group, which outweighs a plain post
    assert [i["id"] for i in items] == [article, poll, post]
    assert items[0]["why"]["reasons"] == ["news for you", "must read"]
    assert items[1]["why"]["reasons"] == [f"poll in Group {group_id}", "open for votes"]
    assert all(i["why"]["score"] > 0 for i in items)
