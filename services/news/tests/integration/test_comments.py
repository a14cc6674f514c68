"""Comments: when enabled, oldest first, edit by the author with If-Match, deletion by the
author or the channel's editors, outsiders 404, erasure deletes and blanks them."""

from __future__ import annotations

import pytest
from collab_events.news import ArticleCommentAdded, ArticleCommentDeleted
from collab_events.profile import EmployeeErased
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, People, Upstream, new_id

pytestmark = pytest.mark.integration


async def comment(api: Api, article: str, who: str, text: str, token: str = "") -> str:
    url, headers = f"/v1/articles/{article}/comments", {"Consistency-Token": token} if token else {}
    response = await api.call("POST", url, who, json={"text": text}, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def listed(api: Api, article: str, who: str, token: str | None = None) -> list[str]:
    headers = {"Consistency-Token": token} if token else {}
    response = await api.call("GET", f"/v1/articles/{article}/comments", who, headers=headers)
    assert response.status_code == 200, response.text
    return [item["text"] for item in response.json()["items"]]


async def test_comments_when_enabled_with_edits_and_moderation(api: Api, people: People) -> None:
    editor, ann, bob = new_id(), await people.register(new_id()), await people.register(new_id())
    outsider = await people.register(new_id())
    channel = await api.channel(editor)
    closed, token = await api.article(editor, channel, comments_enabled=False)
    refused = await api.call("POST", f"/v1/articles/{closed}/comments", ann, json={"text": "Hi"},
                             headers={"Consistency-Token": token})  # fmt: skip
    assert refused.status_code == 409
    audience = {"include": {"employees": [ann, bob]}}
    article, token = await api.article(editor, channel, audience=audience)
    assert (await api.read(article, outsider, token)).status_code == 404
    first = await comment(api, article, ann, "First!", token)
    await comment(api, article, bob, "Second")
    url = f"/v1/articles/{article}/comments/{first}"
    assert (await api.call("PATCH", url, bob, json={"text": "mine"})).status_code == 403
    stale = await api.call("PATCH", url, ann, json={"text": "x"}, headers={"If-Match": '"5"'})
    assert stale.status_code == 412
    edited = await api.call("PATCH", url, ann, json={"text": "First, edited"},
                            headers={"If-Match": '"1"'})  # fmt: skip
    assert edited.status_code == 200
    assert await listed(api, article, bob, edited.headers["Consistency-Token"]) == [
        "First, edited", "Second"
    ]  # fmt: skip
    assert (await api.call("DELETE", url, bob)).status_code == 403
    moderated = await api.call("DELETE", url, editor)
    assert moderated.status_code == 200
    assert await listed(api, article, ann, moderated.headers["Consistency-Token"]) == ["Second"]
    lists = await api.call("GET", f"/v1/articles/{article}/comments", outsider)
    assert lists.status_code == 404


async def test_erasure_deletes_and_blanks_the_comments(
    api: Api, people: People, upstream: Upstream, service: RunningService
) -> None:
    editor, erased = new_id(), await people.register(new_id())
    channel = await api.channel(editor)
    article, token = await api.article(editor, channel)
    comment_id = await comment(api, article, erased, "Secret thoughts of mine", token)
    await upstream.publish("profile", f"employee:{erased}", EmployeeErased(employee_id=erased))
    subject = f"article:{article}/comment:{comment_id}"

    async def deleted_and_blanked() -> bool:
        # The policy appends the deletion, then blanks the stored text: wait for both.
        events = [r.event for r in await service.runtime.store.load(subject)]
        added = next(e for e in events if isinstance(e, ArticleCommentAdded))
        gone = any(isinstance(e, ArticleCommentDeleted) for e in events)
        return gone and added.content.text == ""

    await eventually(deleted_and_blanked)

    async def unlisted() -> bool:
        return await listed(api, article, editor) == []

    await eventually(unlisted)
