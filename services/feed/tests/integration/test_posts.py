"""Posts over HTTP: publish (idempotent), mentions and topics, edit history, delete, pins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.integration


async def test_profile_post_with_mentions_topics_and_links(api, world, ids) -> None:
    author, ana, gone = ids(), ids(), ids()
    await world.person(author)
    await world.person(ana, user_name="ana.muller@example.com", display_name="Ana Müller")
    await world.person(gone, user_name="gone")
    await world.deactivate(gone)
    text = "Hi @ana.muller@example.com and @gone and @nobody! #Digitalisierung #digitalisierung"
    links = [{"url": "https://example.com/a", "title": "A"}]
    post_id, token = await api.post(author, text, links=links)
    got = await api.call("GET", f"/v1/posts/{post_id}", ids(), token=token)
    assert got.status_code == 200, got.text
    view = got.json()
    assert view["mentions"] == [{"employee_id": ana, "display_name": "Ana Müller"}]
    assert view["text"] == f"Hi @{{{ana}}} and @gone and @nobody! #Digitalisierung #digitalisierung"
    assert view["topics"] == ["digitalisierung"] and view["links"] == links
    assert view["visibility"] == "profile" and view["profile_id"] == author
    assert got.headers["etag"] == '"1"' and view["edited_at"] is None
    topic = await api.call("GET", "/v1/topics/%23DIGITALISIERUNG/posts", ids())
    assert post_id in [p["id"] for p in topic.json()["items"]]
    await world.rename(ana, "Ana Schmidt")
    again = await api.call("GET", f"/v1/posts/{post_id}", author)
    assert again.json()["mentions"][0]["display_name"] == "Ana Schmidt"


async def test_idempotency_key_makes_one_post(api, ids, service) -> None:
    author = ids()
    headers = {"Idempotency-Key": "retry-1"}
    first = await api.call("POST", "/v1/posts", author, json={"text": "once"}, headers=headers)
    second = await api.call("POST", "/v1/posts", author, json={"text": "once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() == {"id": first.json()["id"], "version": 1}
    assert await service.runtime.store.version(f"post:{first.json()['id']}") == 1


async def test_edit_with_if_match_keeps_history(api, ids, problem) -> None:
    author, reader = ids(), ids()
    post_id, _ = await api.post(author, "first #one")
    url = f"/v1/posts/{post_id}"
    problem(await api.call("PATCH", url, reader, json={"text": "mine now"}), 403)
    stale = await api.call("PATCH", url, author, json={"text": "x"}, headers={"If-Match": '"7"'})
    problem(stale, 412)
    edited = await api.call(
        "PATCH", url, author, json={"text": "second #two"}, headers={"If-Match": '"1"'}
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    token = edited.headers["consistency-token"]
    view = (await api.call("GET", url, reader, token=token)).json()
    assert view["text"] == "second #two" and view["edited_at"] is not None
    history = (await api.call("GET", f"{url}/history", reader, token=token)).json()
    assert [(v["version"], v["text"], v["topics"]) for v in history["items"]] == [
        (1, "first #one", ["one"]),
        (2, "second #two", ["two"]),
    ]


async def test_delete_by_each_allowed_role_and_refused_for_others(api, world, ids, problem) -> None:
    owner, moderator, member, author, admin = ids(), ids(), ids(), ids(), ids()
    group_id = await world.group(owner)
    for who, role in ((moderator, "moderator"), (member, "member"), (author, "member")):
        await world.join(group_id, who)
        if role != "member":
            await world.promote(group_id, who, role)
    deleters = [(author, ()), (moderator, ()), (owner, ()), (admin, ("admin",))]
    for who, roles in deleters:
        post_id, token = await api.post(author, f"to be deleted by {who}", group_id)
        url = f"/v1/posts/{post_id}"
        problem(await api.call("DELETE", url, member), 403, "feed-role-required")
        deleted = await api.call("DELETE", url, who, roles=roles)
        assert deleted.status_code == 204, deleted.text
        token = deleted.headers["consistency-token"]
        problem(await api.call("GET", url, author, token=token), 404, "post-not-found")
        problem(await api.call("DELETE", url, who, roles=roles), 404, "post-not-found")
        listed = await api.call("GET", f"/v1/groups/{group_id}/posts", owner, token=token)
        assert post_id not in [p["id"] for p in listed.json()["items"]]


async def test_pins_come_first_until_they_expire(api, world, ids, problem, service) -> None:
    owner, member = ids(), ids()
    group_id = await world.group(owner)
    await world.join(group_id, member)
    old, _ = await api.post(member, "old news", group_id)
    soon, _ = await api.post(member, "expires soon", group_id)
    new, token = await api.post(member, "newest", group_id)
    pins = f"/v1/groups/{group_id}/pins"
    problem(await api.call("PUT", f"{pins}/{old}", member, json={}), 403, "feed-role-required")
    forever = await api.call("PUT", f"{pins}/{old}", owner, json={})
    assert forever.status_code == 200, forever.text
    until = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    short = await api.call("PUT", f"{pins}/{soon}", owner, json={"until": until})
    feed = f"/v1/groups/{group_id}/posts"
    page = await api.call("GET", feed, member, token=short.headers["consistency-token"])
    items = page.json()["items"]
    assert [p["id"] for p in items] == [soon, old, new]
    assert [p["pinned"] for p in items] == [True, True, False]
    first = await api.call("GET", feed, member, params={"limit": 1})
    second = await api.call(
        "GET", feed, member, params={"limit": 2, "cursor": first.json()["next_cursor"]}
    )
    assert [p["id"] for p in first.json()["items"] + second.json()["items"]] == [soon, old, new]
    expired = (datetime.now(UTC) + timedelta(seconds=2.5)) - datetime.now(UTC)
    import asyncio

    await asyncio.sleep(expired.total_seconds())
    later = await api.call("GET", feed, member)
    assert [p["id"] for p in later.json()["items"]] == [old, new, soon]
    unpinned = await api.call("DELETE", f"{pins}/{old}", owner)
    assert unpinned.status_code == 204
    final = await api.call("GET", feed, member, token=unpinned.headers["consistency-token"])
    assert [p["id"] for p in final.json()["items"]] == [new, soon, old]
    del token


async def test_lists_page_through_every_post_once(api, world, ids) -> None:
    owner = ids()
    group_id = await world.group(owner)
    made = [await api.post(owner, f"post {n} #paged{owner[-4:]}", group_id) for n in range(5)]
    newest_first = [post_id for post_id, _ in reversed(made)]
    for path in (
        f"/v1/groups/{group_id}/posts",
        f"/v1/employees/{owner}/posts",
        f"/v1/topics/paged{owner[-4:]}/posts",
    ):
        seen, cursor = [], None
        for _ in range(5):
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await api.call("GET", path, owner, params=params)).json()
            seen += [p["id"] for p in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == newest_first, path
