"""The home feed: fan-out into timelines, joins and follows bring posts, leaving removes them."""

from __future__ import annotations

import pytest
from feed_service.projections import timelines
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration


async def _home(api, who: str, token: str | None = None) -> list[str]:
    answer = await api.call("GET", "/v1/me/feed", who, token=token)
    assert answer.status_code == 200, answer.text
    return [p["id"] for p in answer.json()["items"]]


async def _eventually_home(api, who: str, expected: list[str]) -> None:
    async def shows() -> bool:
        return await _home(api, who) == expected

    await eventually(shows, timeout_s=20)


async def test_home_feed_of_members_followers_mentioned_and_author(api, world, ids) -> None:
    ana, bob, carl, dan, eve = ids(), ids(), ids(), ids(), ids()
    await world.person(dan, user_name=f"{dan}.handle")
    group_id = await world.group(ana, "private")
    await world.join(group_id, bob)
    await world.follow(carl, ana)
    in_group, _ = await api.post(ana, "team news", group_id)
    on_profile, token = await api.post(ana, f"hello @{dan}.handle")
    assert on_profile in await _home(api, ana, token)
    await _eventually_home(api, ana, [on_profile, in_group])
    await _eventually_home(api, bob, [in_group])
    await _eventually_home(api, carl, [on_profile])
    await _eventually_home(api, dan, [on_profile])
    assert await _home(api, eve) == []
    await world.join(group_id, eve)  # joining brings the group's recent posts
    await _eventually_home(api, eve, [in_group])
    await world.leave(group_id, bob)  # leaving ends access at once
    assert await _home(api, bob) == []
    await world.follow(carl, ana, following=False)
    await _eventually_home(api, carl, [])
    deleted = await api.call("DELETE", f"/v1/posts/{in_group}", ana)
    assert await _home(api, eve, deleted.headers["consistency-token"]) == []


async def test_large_groups_are_merged_at_read_time(api, world, ids, service, monkeypatch) -> None:
    monkeypatch.setattr(timelines, "LARGE_GROUP", 1)
    owner, member = ids(), ids()
    group_id = await world.group(owner)
    await world.join(group_id, member)
    post_id, token = await api.post(owner, "to a crowd", group_id)
    assert await _home(api, member, token) == [post_id]
    stored = await service.runtime.models["timeline"].count_documents({"post_id": post_id})
    assert stored == 1  # only the author's own entry: the members read it from the group
    kept, _ = await api.post(owner, "still here", group_id)
    deleted = await api.call("DELETE", f"/v1/posts/{post_id}", owner)
    token = deleted.headers["consistency-token"]
    assert await _home(api, member, token) == [kept]  # a deleted post leaves the merge


async def test_a_group_once_large_stays_merged(api, world, ids, service, monkeypatch) -> None:
    monkeypatch.setattr(timelines, "LARGE_GROUP", 1)
    owner, member = ids(), ids()
    group_id = await world.group(owner)
    await world.join(group_id, member)
    post_id, token = await api.post(owner, "to a crowd", group_id)
    monkeypatch.setattr(timelines, "LARGE_GROUP", 100)  # now small by its member count
    # The post was never fanned out: the group's marker keeps it in the members' feeds.
    assert await _home(api, member, token) == [post_id]
    later, token = await api.post(owner, "still merged", group_id)
    assert await _home(api, member, token) == [later, post_id]
    await world.leave(group_id, member)
    assert await _home(api, member) == []


async def test_old_entries_are_read_past_the_recent_windows(api, world, ids, service) -> None:
    me, author = ids(), ids()
    await world.follow(me, author)
    old, _ = await api.post(author, "from long ago")
    new, token = await api.post(author, "from today")
    await _home(api, me, token)
    models, years_ago = service.runtime.models, "20240101T000000.000000|"
    entry = await models["timeline"].find_one({"_id": f"{me}|{old}"})
    post = await models["posts"].find_one({"_id": old})
    key = years_ago + old
    await models["posts"].update_one({"_id": old}, {"$set": {"key": key}})
    rkey = timelines.stream_key(me, key)
    await models["timeline"].update_one({"_id": entry["_id"]}, {"$set": {"key": key, "rkey": rkey}})
    assert post is not None
    assert await _home(api, me) == [new, old]
    first = await api.call("GET", "/v1/me/feed", me, params={"limit": 1})
    cursor = first.json()["next_cursor"]
    rest = await api.call("GET", "/v1/me/feed", me, params={"limit": 1, "cursor": cursor})
    assert [p["id"] for p in rest.json()["items"]] == [old]


async def test_ranked_order_with_why_and_the_default_setting(api, world, ids) -> None:
    me, anna, ben, cleo = ids(), ids(), ids(), ids()
    await world.person(me, user_name=f"{me}.me")
    await world.person(anna, display_name="Anna Müller")
    await world.follow(me, anna)
    group_id = await world.group(ben)
    await world.join(group_id, me)
    followed, _ = await api.post(anna, "from someone I follow")
    busy, _ = await api.post(ben, "a busy group post", group_id)
    for who in (anna, cleo, ids()):
        await api.call("PUT", f"/v1/posts/{busy}/reactions/me", who, json={"type": "like"})
    mention, _ = await api.post(cleo, f"thanks @{me}.me")

    async def ranked() -> list[dict]:
        page = await api.call("GET", "/v1/me/feed", me, params={"order": "ranked"})
        return list(page.json()["items"])

    async def settled() -> bool:
        items = await ranked()
        return len(items) == 3 and items[0]["reactions"]["total"] == 3

    await eventually(settled, timeout_s=20)
    items = await ranked()
    # engagement x affinity: 3 reactions in my group beat a mention, which beats a follow
    assert [i["id"] for i in items] == [busy, mention, followed]
    assert items[0]["why"]["reasons"][0].startswith("in Group ")
    assert items[0]["why"]["reasons"][1:] == ["3 reactions"]
    assert items[1]["why"]["reasons"] == ["mentions you"]
    assert items[2]["why"]["reasons"] == ["you follow Anna Müller"]
    assert items[0]["why"]["score"] > items[1]["why"]["score"] > items[2]["why"]["score"]
    recent = await api.call("GET", "/v1/me/feed", me)
    assert [i["id"] for i in recent.json()["items"]] == [mention, busy, followed]
    assert all(i["why"] is None for i in recent.json()["items"])
    chosen = await api.call("PUT", "/v1/me/feed-settings", me, json={"order": "ranked"})
    assert chosen.status_code == 200 and chosen.json() == {"order": "ranked", "version": 1}
    token = chosen.headers["consistency-token"]
    settings = await api.call("GET", "/v1/me/feed-settings", me, token=token)
    assert settings.json() == {"order": "ranked", "version": 1}
    default = await api.call("GET", "/v1/me/feed", me)
    assert [i["id"] for i in default.json()["items"]] == [busy, mention, followed]


async def test_live_stream_delivers_new_items_and_resumes(api, world, ids, service) -> None:
    import asyncio
    import time
    from datetime import UTC, datetime

    from feed_service.domain.model import Caller
    from feed_service.queries.reader import PostReader
    from feed_service.queries.stream import feed_events

    me, author = ids(), ids()
    await world.follow(me, author)
    models, closed = service.runtime.models, asyncio.Event()

    def reader() -> PostReader:
        return PostReader(models, Caller(me), datetime.now(UTC))

    async def disconnected() -> bool:
        return closed.is_set()

    async def frames(last_id: str | None) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()

        async def pump() -> None:
            async for frame in feed_events(
                reader, last_id, disconnected, poll_s=0.05, heartbeat_s=0.3
            ):
                await queue.put(frame)

        tasks.append(asyncio.create_task(pump()))
        assert await asyncio.wait_for(queue.get(), 5) == "retry: 1000\n\n"
        return queue

    async def next_post(queue: asyncio.Queue[str]) -> str:
        deadline = time.monotonic() + 15  # heartbeats keep coming: bound the wait itself
        while (frame := await asyncio.wait_for(queue.get(), 10)).startswith(":"):
            assert time.monotonic() < deadline, "no post arrived"
        return frame

    tasks: list[asyncio.Task[None]] = []
    live = await frames(None)
    assert await asyncio.wait_for(live.get(), 5) == ": heartbeat\n\n"  # quiet: kept open
    first, _ = await api.post(author, "live one")
    timeline = models["timeline"]

    async def written() -> bool:
        return await timeline.find_one({"_id": f"{me}|{first}"}) is not None

    await eventually(written, interval_s=0.01)
    projected = time.perf_counter()
    frame = await next_post(live)
    print(f"\nSSE: delivered {time.perf_counter() - projected:.2f} s after the entry was written")
    event_id = frame.split("\n")[0].removeprefix("id: ")
    assert f'"id":"{first}"' in frame and "event: post" in frame
    second, _ = await api.post(author, "live two")
    assert f'"id":"{second}"' in await next_post(live)
    resumed = await frames(event_id)  # Last-Event-ID: the first, so the second comes again
    assert f'"id":"{second}"' in await next_post(resumed)
    third, _ = await api.post(author, "live three")
    assert f'"id":"{third}"' in await next_post(resumed)  # nothing lost, nothing repeated
    closed.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)


async def test_timelines_are_cut_to_their_bound(api, world, ids, service, monkeypatch) -> None:
    from feed_service.queries import home

    monkeypatch.setattr(home, "TIMELINE_SIZE", 2)
    me, author = ids(), ids()
    await world.follow(me, author)
    made = [(await api.post(author, f"number {n}"))[0] for n in range(3)]
    timeline = service.runtime.models["timeline"]

    async def fanned_out() -> bool:
        return await timeline.count_documents({"reader": me}) == 3

    await eventually(fanned_out)
    assert await _home(api, me) == [made[2], made[1]]
    assert await timeline.count_documents({"reader": me}) == 2
