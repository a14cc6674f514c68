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
