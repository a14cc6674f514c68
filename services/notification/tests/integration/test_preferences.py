"""Preferences: defaults, replacing them (If-Match, events), in-app types off, mutes."""

from __future__ import annotations

import json
from typing import Any

from collab_events import topic_for
from collab_events.feed import PostPublished, ReactionSet
from servicekit.testing.kafka import eventually, read_topic
from servicekit.testing.service import RunningService

from .conftest import Api, Upstream, make_group, new_id, register, wait_notifications


async def test_defaults_a_large_company_would_choose(api: Api) -> None:
    response = await api.call("GET", "/v1/me/notification-preferences", new_id())
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 0 and body["digest"] == "off"
    assert body["types"]["mention"] == {
        "rule": body["types"]["mention"]["rule"],
        "in_app": True,
        "email": True,
    }
    assert body["types"]["must_read"]["email"] is True
    assert body["types"]["reaction"]["in_app"] is True
    assert body["types"]["reaction"]["email"] is False


async def test_put_records_an_event_and_honours_if_match(
    api: Api, service: RunningService, kafka_bootstrap: str
) -> None:
    me = new_id()
    body = {
        "types": {"reaction": {"in_app": False, "email": False}},
        "digest": "weekly",
        "digest_hour": 7,
        "digest_weekday": 4,
        "muted_groups": ["g-x"],
    }
    first = await api.call("PUT", "/v1/me/notification-preferences", me, json=body)
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] == '"1"'
    stale = await api.call(
        "PUT",
        "/v1/me/notification-preferences",
        me,
        json={"digest": "off"},
        headers={"If-Match": '"0"'},
    )
    assert stale.status_code == 412
    token = first.headers["Consistency-Token"]
    read = await api.call(
        "GET", "/v1/me/notification-preferences", me, headers={"Consistency-Token": token}
    )
    assert read.status_code == 200
    assert read.json()["digest"] == "weekly" and read.json()["types"]["reaction"]["in_app"] is False
    assert read.json()["version"] == 1
    topic = topic_for("notification", service.runtime.settings.topic_prefix)
    records = await read_topic(kafka_bootstrap, topic, at_least=1)
    mine = [
        json.loads(r.value) for r in records if r.key == f"notification-preferences:{me}".encode()
    ]
    assert [r["type"] for r in mine] == ["collab.notification.preferences_changed.v1"]
    assert mine[0]["data"]["preferences"]["muted_groups"] == ["g-x"]


async def test_types_off_and_mutes_leave_the_centre_and_the_count(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    me, fan = new_id(), new_id()
    await register(upstream, service, me, "Mu M")
    await register(upstream, service, fan, "Fan F")
    loud = await make_group(upstream, service, me, fan)
    quiet = await make_group(upstream, service, me, fan)
    posts = {}
    for group in (loud, quiet):
        post_id = new_id("p")
        posts[group] = post_id
        post = PostPublished(
            post_id=post_id, author_id=fan, group_id=group, visibility="public", mentions=[me]
        )
        await upstream.publish("feed", f"post:{post_id}", post, actor=fan)
    mine = PostPublished(post_id=new_id("p"), author_id=me, group_id=loud, visibility="public")
    await upstream.publish("feed", f"post:{mine.post_id}", mine, actor=me)
    reaction = ReactionSet(
        post_id=mine.post_id, employee_id=fan, reaction="like", group_id=loud, visibility="public"
    )
    await upstream.publish("feed", f"reaction:{mine.post_id}/{fan}", reaction, actor=fan)
    await wait_notifications(api, me, 3)
    assert await api.unread(me) == 3
    body = {"types": {"reaction": {"in_app": False, "email": False}}, "muted_groups": [quiet]}
    changed = await api.call("PUT", "/v1/me/notification-preferences", me, json=body)
    token = {"Consistency-Token": changed.headers["Consistency-Token"]}
    await api.call("GET", "/v1/me/notification-preferences", me, headers=token)
    items = await api.notifications(me)
    assert [(i["type"], i["target"]["id"]) for i in items] == [("mention", posts[loud])]
    assert await api.unread(me) == 1
    muted = await api.call("PUT", f"/v1/me/mutes/posts/{posts[loud]}", me)
    assert muted.status_code == 200 and muted.json() == {"post_id": posts[loud], "muted": True}

    async def gone() -> bool:
        return await api.notifications(me) == [] and await api.unread(me) == 0

    await eventually(gone)
    unmuted = await api.call("DELETE", f"/v1/me/mutes/posts/{posts[loud]}", me)
    assert unmuted.json()["muted"] is False
    await wait_notifications(api, me, 1)
    prefs = await api.call("GET", "/v1/me/notification-preferences", me)
    assert prefs.json()["muted_posts"] == [] and prefs.json()["muted_groups"] == [quiet]


async def test_filters_and_paging_skip_what_preferences_hide(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    """``?unread=``, ``?type=`` and the cursor pass over muted and turned-off notifications."""
    me, fan = new_id(), new_id()
    await register(upstream, service, me, "Pa P")
    await register(upstream, service, fan, "Fan F")
    loud = await make_group(upstream, service, me, fan)
    quiet = await make_group(upstream, service, me, fan)
    mentions = []
    for count, group in enumerate((loud, quiet, loud), start=1):
        post = PostPublished(
            post_id=new_id("p"), author_id=fan, group_id=group, visibility="public", mentions=[me]
        )
        await upstream.publish("feed", f"post:{post.post_id}", post, actor=fan)
        [newest, *_] = await wait_notifications(api, me, count)
        mentions.append(newest["id"])
    older, _muted, newer = mentions
    mine = PostPublished(post_id=new_id("p"), author_id=me, group_id=loud, visibility="public")
    await upstream.publish("feed", f"post:{mine.post_id}", mine, actor=me)
    reaction = ReactionSet(
        post_id=mine.post_id, employee_id=fan, reaction="like", group_id=loud, visibility="public"
    )
    await upstream.publish("feed", f"reaction:{mine.post_id}/{fan}", reaction, actor=fan)
    await wait_notifications(api, me, 4)
    body = {"types": {"reaction": {"in_app": False, "email": False}}, "muted_groups": [quiet]}
    changed = await api.call("PUT", "/v1/me/notification-preferences", me, json=body)
    token = {"Consistency-Token": changed.headers["Consistency-Token"]}
    await api.call("GET", "/v1/me/notification-preferences", me, headers=token)

    async def pages(**params: Any) -> list[list[str]]:
        found, cursor = [], None
        while True:
            query = {**params, "limit": 1, **({"cursor": cursor} if cursor else {})}
            page = (await api.call("GET", "/v1/me/notifications", me, params=query)).json()
            found.append([item["id"] for item in page["items"]])
            if (cursor := page["next_cursor"]) is None:
                return found

    assert await pages() == [[newer], [older]]
    assert await pages(unread="true") == [[newer], [older]]
    assert await pages(type="mention") == [[newer], [older]]
    assert await pages(type="reaction") == [[]]  # turned off in-app: none
    assert await api.unread(me) == 2
    read = await api.call("POST", f"/v1/me/notifications/{newer}/read", me)
    assert await api.unread(me, after=read) == 1
    assert await pages(unread="true") == [[older]]
    assert await pages(unread="false") == [[newer]]
