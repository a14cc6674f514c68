"""The unread counter (one read by ``_id``) equals a recount of the centre after bumps, read
marks, read-all, replays and redeliveries, preference changes, erasure and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from collab_events.feed import CommentAdded, ReactionSet
from collab_events.profile import EmployeeErased, EmployeeFollowed
from notification_service.handlers.timer import prune
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import (
    Api,
    Upstream,
    make_group,
    new_id,
    post_mentioning,
    register,
    settle,
    wait_notifications,
)

OPTIONS = {"mail_enabled": False}


async def centre_unread(api: Api, who: str) -> int:
    """A recount: every page of the centre's ``?unread=true`` list."""
    count, cursor = 0, None
    while True:
        params = {"unread": "true", "limit": 100, **({"cursor": cursor} if cursor else {})}
        response = await api.call("GET", "/v1/me/notifications", who, params=params)
        assert response.status_code == 200, response.text
        count += len(response.json()["items"])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return count


async def settled(service: RunningService) -> None:
    """Wait until the inbox and the replicas have applied everything sent so far."""

    async def caught_up() -> bool:
        lag = await service.runtime.lag.refresh()
        return all(v == 0 for name in ("inbox", "replicas") for v in lag[name].values())

    await eventually(caught_up, timeout_s=30)


async def counted(api: Api, service: RunningService, who: str, expected: int) -> None:
    """Once applied, the counter and the recount both say ``expected``."""

    async def reached() -> bool:
        return await api.unread(who) == expected

    await eventually(reached, timeout_s=30)
    await settled(service)
    assert await api.unread(who) == await centre_unread(api, who) == expected


async def _react(upstream: Upstream, post_id: str, who: str, group: str) -> None:
    reaction = ReactionSet(
        post_id=post_id, employee_id=who, reaction="like", group_id=group, visibility="public"
    )
    await upstream.publish("feed", f"reaction:{post_id}/{who}", reaction, actor=who)


async def _people(upstream: Upstream, service: RunningService, count: int) -> list[str]:
    ids = [new_id() for _ in range(count)]
    for who in ids:
        await register(upstream, service, who)
    return ids


async def test_bumps_reads_read_all_and_replays_keep_the_count(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, fan, other = await _people(upstream, service, 3)
    group = await make_group(upstream, service, author, fan, other)
    post_id = await post_mentioning(upstream, author, group)
    await _react(upstream, post_id, fan, group)
    await post_mentioning(upstream, other, group, author)
    comment = CommentAdded(
        post_id=post_id,
        comment_id=new_id("c"),
        author_id=other,
        post_author_id=author,
        group_id=group,
        visibility="public",
    )
    await upstream.publish("feed", f"comment:{comment.comment_id}", comment, actor=other)
    items = await wait_notifications(api, author, 3)
    await counted(api, service, author, 3)
    [reactions] = [i for i in items if i["type"] == "reaction"]
    read = await api.call("POST", f"/v1/me/notifications/{reactions['id']}/read", author)
    assert await api.unread(author, after=read) == 2
    await counted(api, service, author, 2)
    await _react(upstream, post_id, other, group)  # a newer actor: unread again
    await counted(api, service, author, 3)
    marked = await api.call("POST", "/v1/me/notifications/read-all", author)
    assert await api.unread(author, after=marked) == 0
    await counted(api, service, author, 0)
    followed = EmployeeFollowed(follower_id=fan, followee_id=author)
    await upstream.publish("profile", f"follow:{fan}/{author}", followed, actor=fan)
    await counted(api, service, author, 1)
    # A replay of every record, once as it is and once with the counter lost (a crash
    # between a notification's write and its counter's): the count stays a recount.
    for lost in (False, True):
        if lost:
            await service.runtime.models["unread"].delete_one({"_id": author})
        await service.runtime.models["applied_inbox"].delete_many({})
        for name, envelope in list(upstream.sent):
            await upstream.send(name, envelope)
        await settle()
        await counted(api, service, author, 1)


async def test_preferences_hide_and_show_again(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    me, fan = await _people(upstream, service, 2)
    loud = await make_group(upstream, service, me, fan)
    quiet = await make_group(upstream, service, me, fan)
    await post_mentioning(upstream, fan, loud, me)
    await post_mentioning(upstream, fan, quiet, me)
    mine = await post_mentioning(upstream, me, loud)
    await _react(upstream, mine, fan, loud)
    await wait_notifications(api, me, 3)
    await counted(api, service, me, 3)
    body = {"types": {"reaction": {"in_app": False, "email": False}}, "muted_groups": [quiet]}
    changed = await api.call("PUT", "/v1/me/notification-preferences", me, json=body)
    assert changed.status_code == 200, changed.text
    await counted(api, service, me, 1)
    await post_mentioning(upstream, fan, quiet, me)  # arrives hidden: not counted
    await post_mentioning(upstream, fan, loud, me)
    await counted(api, service, me, 2)
    muted = await api.call("PUT", f"/v1/me/mutes/posts/{mine}", me)
    assert muted.status_code == 200
    await counted(api, service, me, 2)  # the reaction on that post was hidden already
    everything = {"types": {}, "muted_groups": [], "muted_posts": []}
    shown = await api.call("PUT", "/v1/me/notification-preferences", me, json=everything)
    assert shown.status_code == 200, shown.text
    await counted(api, service, me, 5)


async def test_erasure_and_retention_leave_the_count(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, erased, other = await _people(upstream, service, 3)
    group = await make_group(upstream, service, author, erased, other)
    post_id = await post_mentioning(upstream, author, group, erased)
    await _react(upstream, post_id, erased, group)  # a group of the erased person alone
    await post_mentioning(upstream, other, group, author)
    await post_mentioning(upstream, other, group, author)
    await wait_notifications(api, author, 3)
    await wait_notifications(api, erased, 1)
    await counted(api, service, author, 3)
    await counted(api, service, erased, 1)
    await upstream.publish("profile", f"employee:{erased}", EmployeeErased(employee_id=erased))
    await counted(api, service, author, 2)  # the reaction group left without its actor
    assert await service.runtime.models["unread"].find_one({"_id": erased}) is None
    old, _recent = await wait_notifications(api, author, 2)
    notes, now = service.runtime.models["notifications"], datetime.now(UTC)
    await notes.update_one(
        {"_id": old["id"]}, {"$set": {"last_event_at": now - timedelta(days=91)}}
    )
    assert await prune(service.runtime.ports, now) == 1
    assert await api.unread(author) == await centre_unread(api, author) == 1
