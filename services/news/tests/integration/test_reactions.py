"""Reactions: one per person and target (a new type replaces), counts per type and mine in
article and comment views, refused where comments are off, outsiders 404, erasure removes
the person's reactions as events and from the counts."""

from __future__ import annotations

from typing import Any

import pytest
from collab_events.news import ArticleReactionRemoved, ArticleReactionSet
from collab_events.profile import EmployeeErased
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, People, Upstream, new_id

pytestmark = pytest.mark.integration


async def react(api: Api, url: str, who: str, kind: str | None, token: str = "") -> Any:
    headers = {"Consistency-Token": token} if token else {}
    if kind is None:
        return await api.call("DELETE", f"{url}/reactions/me", who, headers=headers)
    return await api.call("PUT", f"{url}/reactions/me", who, json={"type": kind}, headers=headers)


async def article_reactions(api: Api, article: str, who: str, token: str) -> dict[str, Any]:
    response = await api.read(article, who, token)
    assert response.status_code == 200, response.text
    return dict(response.json()["reactions"])


async def test_one_reaction_per_person_replaced_counted_and_removed(
    api: Api, people: People, service: RunningService
) -> None:
    editor = new_id()
    ann, bob, eve = [await people.register(new_id()) for _ in range(3)]
    outsider = await people.register(new_id())
    channel = await api.channel(editor)
    article, token = await api.article(
        editor, channel, audience={"include": {"employees": [ann, bob, eve]}}
    )
    url = f"/v1/articles/{article}"
    assert (await react(api, url, outsider, "like", token)).status_code == 404
    assert (await react(api, url, ann, "like", token)).status_code == 200
    await react(api, url, bob, "like")
    set_ = await react(api, url, ann, "celebrate")
    assert set_.status_code == 200
    seen = await article_reactions(api, article, ann, set_.headers["Consistency-Token"])
    assert seen["mine"] == "celebrate"
    assert seen["counts"] == {
        "like": 1,
        "celebrate": 1,
        "support": 0,
        "insightful": 0,
        "curious": 0,
    }
    again = await react(api, url, ann, "celebrate")
    assert again.json()["version"] == set_.json()["version"]  # the same one: no new event
    removed = await react(api, url, bob, None)
    assert removed.status_code == 200
    seen = await article_reactions(api, article, bob, removed.headers["Consistency-Token"])
    assert seen["mine"] is None and seen["counts"]["like"] == 0
    events = [
        r.event for r in await service.runtime.store.load(f"article:{article}/reaction:{ann}")
    ]
    assert [type(e) for e in events] == [ArticleReactionSet, ArticleReactionSet]
    assert events[-1].target_author_id == editor and events[-1].channel_id == channel  # type: ignore[attr-defined]
    assert events[-1].audience.include.employees == [ann, bob, eve]  # type: ignore[attr-defined]
    bad = await api.call("PUT", f"{url}/reactions/me", ann, json={"type": "angry"})
    assert bad.status_code == 422


async def test_comment_reactions_and_closed_articles(api: Api, people: People) -> None:
    editor, ann, bob = new_id(), await people.register(new_id()), await people.register(new_id())
    channel = await api.channel(editor)
    closed, token = await api.article(editor, channel, comments_enabled=False)
    refused = await react(api, f"/v1/articles/{closed}", ann, "like", token)
    assert refused.status_code == 409 and refused.json()["type"].endswith("reactions-closed")
    article, token = await api.article(editor, channel)
    posted = await api.call(
        "POST",
        f"/v1/articles/{article}/comments",
        ann,
        json={"text": "Great news"},
        headers={"Consistency-Token": token},
    )
    assert posted.status_code == 201, posted.text
    first, token = posted.json()["id"], posted.headers["Consistency-Token"]
    url = f"/v1/articles/{article}/comments/{first}"
    assert (
        await react(api, f"/v1/articles/{article}/comments/k-none", bob, "like", token)
    ).status_code == 404
    assert (await react(api, url, bob, "insightful", token)).status_code == 200
    done = await react(api, url, editor, "insightful", token)
    assert done.status_code == 200, done.text
    wait = {"Consistency-Token": done.headers["Consistency-Token"]}
    response = await api.call("GET", f"/v1/articles/{article}/comments", bob, headers=wait)
    item = response.json()["items"][0]
    assert (
        item["reactions"]["counts"]["insightful"] == 2 and item["reactions"]["mine"] == "insightful"
    )
    seen = await article_reactions(api, article, bob, done.headers["Consistency-Token"])
    assert sum(seen["counts"].values()) == 0  # a comment's reactions are not the article's


async def test_erasure_removes_the_persons_reactions(
    api: Api, people: People, upstream: Upstream, service: RunningService
) -> None:
    editor, erased, ann = new_id(), await people.register(new_id()), await people.register(new_id())
    channel = await api.channel(editor)
    article, token = await api.article(editor, channel)
    url = f"/v1/articles/{article}"
    await react(api, url, ann, "support", token)
    done = await react(api, url, erased, "support")
    assert (await article_reactions(api, article, ann, done.headers["Consistency-Token"]))[
        "counts"
    ]["support"] == 2
    await upstream.publish("profile", f"employee:{erased}", EmployeeErased(employee_id=erased))
    subject = f"article:{article}/reaction:{erased}"

    async def removed() -> bool:
        events = [r.event for r in await service.runtime.store.load(subject)]
        return isinstance(events[-1], ArticleReactionRemoved) and events[-1].erased

    await eventually(removed)

    async def recounted() -> bool:
        seen = await article_reactions(api, article, ann, "")
        return bool(seen["counts"]["support"] == 1)

    await eventually(recounted)
    left = await service.runtime.models["reactions"].count_documents({"employee_id": erased})
    assert left == 0
