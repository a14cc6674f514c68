"""The live stream over real HTTP (delivery, resume, keep-alive), deactivation, erasure,
retention."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest_asyncio
import uvicorn
from collab_events.feed import PostPublished, ReactionSet
from collab_events.profile import EmployeeDeactivated, EmployeeErased
from notification_service.handlers.timer import prune
from servicekit.auth import mint_token
from servicekit.http.app import create_app
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import (
    Api,
    Upstream,
    free_port,
    make_group,
    new_id,
    post_mentioning,
    register,
    settle,
    wait_notifications,
)

OPTIONS = {"stream_heartbeat_s": 0.5}


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def http_url(service: RunningService) -> AsyncIterator[str]:
    """The service's app on a real socket (the runtime is the module's, already started)."""
    port = free_port()
    config = uvicorn.Config(
        create_app(service.runtime),
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await eventually(lambda: _started(server))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _started(server: uvicorn.Server) -> bool:
    return bool(server.started)


Frames = list[dict[str, str]]


def notifications(want: int) -> Callable[[Frames], bool]:
    return lambda frames: sum(f.get("event") == "notification" for f in frames) >= want


def keep_alive(frames: Frames) -> bool:
    return any("comment" in f for f in frames)


async def _frames(
    lines: AsyncIterator[str], until: Callable[[Frames], bool], timeout_s: float = 20
) -> Frames:
    """SSE frames (comments as ``{"comment": …}``) until ``until(frames)``."""
    frames: list[dict[str, str]] = []
    current: dict[str, str] = {}

    async def read() -> None:
        nonlocal current
        async for line in lines:
            if line == "":
                if current:
                    frames.append(current)
                current = {}
                if until(frames):
                    return
                continue
            field, _, value = line.partition(":")
            current[field or "comment"] = value.lstrip(" ")

    await asyncio.wait_for(read(), timeout=timeout_s)
    return frames


async def test_stream_delivers_and_resumes_after_last_event_id(
    upstream: Upstream, service: RunningService, http_url: str, jwt_keys: tuple[str, str]
) -> None:
    me, author = new_id(), new_id()
    await register(upstream, service, me, "Sia S")
    await register(upstream, service, author, "Tom T")
    group = await make_group(upstream, service, author, me)
    headers = {"Authorization": f"Bearer {mint_token(jwt_keys[0], sub=me)}"}
    url = f"{http_url}/v1/me/notifications/stream"
    async with httpx.AsyncClient(timeout=30) as client:
        async with client.stream("GET", url, headers=headers) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.aiter_lines()
            first_post = await post_mentioning(upstream, author, group, me)
            frames = await _frames(lines, notifications(1))
            quiet = await _frames(lines, keep_alive, timeout_s=5)
        assert frames[0]["event"] == "unread-count" and json.loads(frames[0]["data"]) == {
            "unread": 0
        }
        assert any("keep-alive" in f.get("comment", "") for f in quiet)  # a quiet stream pings
        note = next(f for f in frames if f.get("event") == "notification")
        assert json.loads(note["data"])["target"]["id"] == first_post
        counts = [json.loads(f["data"]) for f in frames + quiet if f.get("event") == "unread-count"]
        assert counts[-1] == {"unread": 1}
        second_post = await post_mentioning(upstream, author, group, me)
        await wait_notifications(Api(service.client, jwt_keys[0]), me, 2)
        resumed = {**headers, "Last-Event-ID": note["id"]}
        async with client.stream("GET", url, headers=resumed) as response:
            again = await _frames(response.aiter_lines(), notifications(1))
    seen = [
        json.loads(f["data"])["target"]["id"] for f in again if f.get("event") == "notification"
    ]
    assert seen == [second_post]  # after the last event, nothing lost, nothing repeated


async def test_deactivated_people_get_nothing(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    gone, author = new_id(), new_id()
    await register(upstream, service, gone, "Dee D")
    await register(upstream, service, author, "Al A")
    group = await make_group(upstream, service, author, gone)
    await upstream.publish("profile", f"employee:{gone}", EmployeeDeactivated(employee_id=gone))

    async def inactive() -> bool:
        doc = await service.runtime.models["people"].find_one({"_id": gone})
        return doc is not None and doc.get("active") is False

    await eventually(inactive)
    await post_mentioning(upstream, author, group, gone)
    await settle()
    assert await service.runtime.models["notifications"].count_documents({"recipient": gone}) == 0


async def test_erasure_deletes_and_removes_the_actor_everywhere(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, erased, other = new_id(), new_id(), new_id()
    await register(upstream, service, author, "Ada A")
    await register(upstream, service, erased, "Zelda Zuckerberg-Erased")
    await register(upstream, service, other, "Otto O")
    group = await make_group(upstream, service, author, erased, other)
    post = PostPublished(post_id=new_id("p"), author_id=author, group_id=group, visibility="public")
    await upstream.publish("feed", f"post:{post.post_id}", post, actor=author)
    for who in (erased, other):
        reaction = ReactionSet(
            post_id=post.post_id,
            employee_id=who,
            reaction="like",
            group_id=group,
            visibility="public",
        )
        await upstream.publish("feed", f"reaction:{post.post_id}/{who}", reaction, actor=who)
    await post_mentioning(upstream, author, group, erased)
    await wait_notifications(api, erased, 1)

    async def two_reactors() -> bool:
        items = await api.notifications(author)
        return bool(items) and items[0]["actor_count"] == 2

    await eventually(two_reactors)
    await upstream.publish("profile", f"employee:{erased}", EmployeeErased(employee_id=erased))

    async def forgotten() -> bool:
        items = await api.notifications(author)
        return items[0]["actor_count"] == 1

    await eventually(forgotten)
    [left] = await api.notifications(author)
    assert left["actors"] == [{"id": other, "name": "Otto O"}]
    assert left["title"] == "Otto O reacted to your post"
    notes = service.runtime.models["notifications"]
    assert await notes.count_documents({"recipient": erased}) == 0
    assert await notes.count_documents({"actor_ids": erased}) == 0
    assert await notes.count_documents({f"actor_times.{erased}": {"$exists": True}}) == 0
    db = service.runtime.db
    for name in await db.list_collection_names():
        async for doc in db[name].find({}):
            text = json.dumps(doc, default=str)
            assert "Zuckerberg-Erased" not in text, name
            assert f"{erased}@example.com" not in text, name
            if name == "notifications":
                assert erased not in text


async def test_retention_prunes_old_notifications(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    me, author = new_id(), new_id()
    await register(upstream, service, me, "Rita R")
    await register(upstream, service, author, "Udo U")
    group = await make_group(upstream, service, author, me)
    await post_mentioning(upstream, author, group, me)
    await post_mentioning(upstream, author, group, me)
    old, recent = await wait_notifications(api, me, 2)
    notes = service.runtime.models["notifications"]
    now = datetime.now(UTC)
    await notes.update_one(
        {"_id": old["id"]}, {"$set": {"last_event_at": now - timedelta(days=91)}}
    )
    await notes.update_one(
        {"_id": recent["id"]}, {"$set": {"last_event_at": now - timedelta(days=89)}}
    )
    # The service's own timer prunes every 0.3 s here and may have deleted it first.
    await prune(service.runtime.ports, now)
    assert await notes.count_documents({"_id": old["id"]}) == 0
    assert [n["id"] for n in await api.notifications(me)] == [recent["id"]]
    assert await api.unread(me) == 1  # the pruned one left the counter too
