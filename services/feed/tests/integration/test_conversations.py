"""Comments with one level of replies, reactions on posts and comments, counts in views."""

from __future__ import annotations

import asyncio
import time

import pytest
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration


async def test_comments_and_replies_oldest_first(api, ids, problem) -> None:
    author, first, second = ids(), ids(), ids()
    post_id, _ = await api.post(author, "discuss")
    url = f"/v1/posts/{post_id}/comments"
    made = []
    for who, text in ((first, "one"), (second, "two"), (first, "three")):
        response = await api.call("POST", url, who, json={"text": text})
        assert response.status_code == 201, response.text
        made.append(response.json()["id"])
    reply = await api.call("POST", url, second, json={"text": "re: one", "parent_id": made[0]})
    assert reply.status_code == 201
    deeper = {"text": "re: re", "parent_id": reply.json()["id"]}
    problem(await api.call("POST", url, first, json=deeper), 422, "reply-to-reply")
    problem(await api.call("POST", url, first, json={"text": "x", "parent_id": "nope"}), 404)
    token = reply.headers["consistency-token"]
    page1 = await api.call("GET", url, author, params={"limit": 2}, token=token)
    cursor = page1.json()["next_cursor"]
    page2 = await api.call("GET", url, author, params={"limit": 2, "cursor": cursor})
    items = page1.json()["items"] + page2.json()["items"]
    assert [c["text"] for c in items] == ["one", "two", "three"]
    assert page2.json()["next_cursor"] is None
    assert [c["reply_count"] for c in items] == [1, 0, 0]
    replies = await api.call("GET", url, author, params={"parent_id": made[0]})
    assert [c["text"] for c in replies.json()["items"]] == ["re: one"]
    post = await api.call("GET", f"/v1/posts/{post_id}", author)
    assert post.json()["comment_count"] == 4


async def test_comment_edit_and_delete_by_author_only(api, ids, problem) -> None:
    author, commenter, other = ids(), ids(), ids()
    post_id, _ = await api.post(author, "edit me")
    url = f"/v1/posts/{post_id}/comments"
    comment_id = (await api.call("POST", url, commenter, json={"text": "tpyo"})).json()["id"]
    problem(await api.call("PATCH", f"{url}/{comment_id}", other, json={"text": "x"}), 403)
    edited = await api.call("PATCH", f"{url}/{comment_id}", commenter, json={"text": "typo"})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    listed = await api.call("GET", url, other, token=edited.headers["consistency-token"])
    comment = listed.json()["items"][0]
    assert comment["text"] == "typo" and comment["edited_at"] is not None
    problem(await api.call("DELETE", f"{url}/{comment_id}", other), 403)
    deleted = await api.call("DELETE", f"{url}/{comment_id}", commenter)
    assert deleted.status_code == 204
    after = await api.call("GET", url, other, token=deleted.headers["consistency-token"])
    assert after.json()["items"] == []
    problem(await api.call("PATCH", f"{url}/{comment_id}", commenter, json={"text": "z"}), 404)


async def test_reactions_one_per_person_with_counts_and_mine(api, ids) -> None:
    author, ana, ben = ids(), ids(), ids()
    post_id, _ = await api.post(author, "react")
    url = f"/v1/posts/{post_id}/reactions/me"
    await api.call("PUT", url, ana, json={"type": "like"})
    await api.call("PUT", url, ben, json={"type": "like"})
    changed = await api.call("PUT", url, ana, json={"type": "celebrate"})
    assert changed.status_code == 200, changed.text
    token = changed.headers["consistency-token"]
    view = (await api.call("GET", f"/v1/posts/{post_id}", ana, token=token)).json()
    assert view["reactions"]["counts"]["like"] == 1
    assert view["reactions"]["counts"]["celebrate"] == 1
    assert view["reactions"]["total"] == 2 and view["reactions"]["mine"] == "celebrate"
    removed = await api.call("DELETE", url, ana)
    assert removed.status_code == 204
    token = removed.headers["consistency-token"]
    view = (await api.call("GET", f"/v1/posts/{post_id}", ana, token=token)).json()
    assert view["reactions"]["total"] == 1 and view["reactions"]["mine"] is None
    comments = f"/v1/posts/{post_id}/comments"
    comment_id = (await api.call("POST", comments, ben, json={"text": "hi"})).json()["id"]
    on_comment = await api.call(
        "PUT", f"{comments}/{comment_id}/reactions/me", ana, json={"type": "support"}
    )
    assert on_comment.status_code == 200
    listed = await api.call("GET", comments, ana, token=on_comment.headers["consistency-token"])
    assert listed.json()["items"][0]["reactions"]["mine"] == "support"


async def test_a_thousand_people_react_at_once(api, ids, service) -> None:
    author = ids()
    post_id, _ = await api.post(author, "everyone, react!")
    people = [ids() for _ in range(1000)]
    url = f"/v1/posts/{post_id}/reactions/me"
    for who in people:  # tokens are minted before the measured burst
        api.bearer(who)
    started = time.perf_counter()
    answers = await asyncio.gather(
        *(api.call("PUT", url, who, json={"type": "like"}) for who in people)
    )
    elapsed = time.perf_counter() - started
    assert sorted({a.status_code for a in answers}) == [200]
    print(f"\n1,000 concurrent reactions: {elapsed:.1f} s ({1000 / elapsed:.0f}/s)")
    reactions = service.runtime.models["reactions"]

    async def all_counted() -> bool:
        return await reactions.count_documents({"target": post_id, "reaction": "like"}) == 1000

    await eventually(all_counted, timeout_s=60)
    print(
        f"all 1,000 in the read model {time.perf_counter() - started:.1f} s after the burst began"
    )
    view = (await api.call("GET", f"/v1/posts/{post_id}", author)).json()
    assert view["reactions"]["counts"]["like"] == view["reactions"]["total"] == 1000


async def test_deleted_comments_leave_pages_counts_and_replies(api, ids, problem) -> None:
    author, commenter = ids(), ids()
    post_id, _ = await api.post(author, "tidy up")
    url = f"/v1/posts/{post_id}/comments"
    made = []
    for text in ("a", "b", "c", "d"):
        response = await api.call("POST", url, commenter, json={"text": text})
        made.append(response.json()["id"])
    reply_url = f"{url}?parent_id={made[2]}"
    await api.call("POST", url, author, json={"text": "re c", "parent_id": made[2]})
    gone = await api.call("POST", url, author, json={"text": "re c 2", "parent_id": made[2]})
    await api.call("DELETE", f"{url}/{gone.json()['id']}", author)
    await api.call("DELETE", f"{url}/{made[1]}", commenter)
    last = await api.call("DELETE", f"{url}/{made[3]}", commenter)
    token = last.headers["consistency-token"]
    page1 = await api.call("GET", url, author, params={"limit": 1}, token=token)
    assert [c["text"] for c in page1.json()["items"]] == ["a"]
    cursor = page1.json()["next_cursor"]
    page2 = await api.call("GET", url, author, params={"limit": 1, "cursor": cursor})
    assert [c["text"] for c in page2.json()["items"]] == ["c"]
    assert page2.json()["items"][0]["reply_count"] == 1
    assert page2.json()["next_cursor"] is None
    replies = await api.call("GET", reply_url, author)
    assert [c["text"] for c in replies.json()["items"]] == ["re c"]
    problem(await api.call("GET", f"{url}?parent_id={made[1]}", author), 404)
    post = await api.call("GET", f"/v1/posts/{post_id}", author)
    assert post.json()["comment_count"] == 3
