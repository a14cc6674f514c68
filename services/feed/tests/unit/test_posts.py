"""Post decisions through execute on the in-memory event store."""

from __future__ import annotations

import pytest
from collab_events.feed import PostDeleted, PostEdited, PostPublished
from feed_service.domain.commands import DeletePost, EditPost, PublishPost
from feed_service.domain.errors import (
    GroupArchived,
    GroupNotFound,
    MembersOnly,
    NotAllowed,
    PostNotFound,
)
from feed_service.domain.model import Caller
from feed_service.handlers import posts
from servicekit.commands import PreconditionFailed

from .conftest import member_of, outsider_of

AUTHOR, OTHER = Caller("author"), Caller("other")


async def test_publish_resolves_mentions_and_a_retry_publishes_once(ports, places, store) -> None:
    places.handles.update({"ana": "e-ana", "ben": "e-ben"})
    places.inactive.add("e-ben")
    command = PublishPost("p1", AUTHOR, None, "Hi @ana @ben @{e-ana} #Topic")
    first = await posts.publish(ports, command)
    again = await posts.publish(ports, command)
    assert first.version == again.version == 1
    (recorded,) = await store.load("post:p1")
    event = recorded.event
    assert isinstance(event, PostPublished)
    assert event.content.text == "Hi @{e-ana} @ben @{e-ana} #Topic"
    assert event.mentions == ["e-ana"] and event.topics == ["topic"]
    assert (event.profile_id, event.group_id, event.visibility) == ("author", None, "profile")


@pytest.mark.parametrize(
    ("view", "error"),
    [
        (outsider_of("public"), MembersOnly),
        (outsider_of("private"), MembersOnly),
        (outsider_of("secret"), GroupNotFound),
        (member_of(archived=True), GroupArchived),
    ],
)
async def test_who_may_post_in_a_group(ports, places, store, view, error) -> None:
    places.views[("g", "author")] = view
    with pytest.raises(error):
        await posts.publish(ports, PublishPost("p1", AUTHOR, "g", "hello"))
    assert await store.version("post:p1") == 0


async def test_group_post_carries_the_groups_visibility(ports, places, store) -> None:
    places.views[("g", "author")] = member_of("private")
    await posts.publish(ports, PublishPost("p1", AUTHOR, "g", "inner circle"))
    (recorded,) = await store.load("post:p1")
    assert (recorded.event.group_id, recorded.event.visibility) == ("g", "private")


async def test_edit_by_the_author_only_and_if_match_after_the_decision(ports, store) -> None:
    await posts.publish(ports, PublishPost("p1", AUTHOR, None, "first"))
    with pytest.raises(NotAllowed):
        await posts.edit(ports, EditPost("p1", OTHER, "mine"), expected=1)
    with pytest.raises(PostNotFound):  # a 404 comes before a 412 that would tell the version
        await posts.edit(ports, EditPost("missing", AUTHOR, "x"), expected=9)
    with pytest.raises(PreconditionFailed):
        await posts.edit(ports, EditPost("p1", AUTHOR, "second"), expected=9)
    result = await posts.edit(ports, EditPost("p1", AUTHOR, "second"), expected=1)
    unchanged = await posts.edit(ports, EditPost("p1", AUTHOR, "second"))
    assert result.version == unchanged.version == 2
    assert isinstance((await store.load("post:p1"))[-1].event, PostEdited)


@pytest.mark.parametrize(
    ("who", "view", "reason"),
    [
        (AUTHOR, member_of(), "author"),
        (Caller("mod"), member_of(role="moderator"), "moderator"),
        (Caller("own"), member_of(role="owner"), "owner-as-moderator"),
        (Caller("root", platform_admin=True), None, "admin"),
    ],
)
async def test_delete_by_each_allowed_role(ports, places, store, who, view, reason) -> None:
    places.views[("g", "author")] = member_of()
    if view is not None:
        places.views[("g", who.employee_id)] = view
    places.views[("g", "member")] = member_of()
    await posts.publish(ports, PublishPost("p1", AUTHOR, "g", "bye"))
    with pytest.raises(NotAllowed):
        await posts.delete(ports, DeletePost("p1", Caller("member")))
    await posts.delete(ports, DeletePost("p1", who))
    event = (await store.load("post:p1"))[-1].event
    assert isinstance(event, PostDeleted)
    assert event.reason == reason.removeprefix("owner-as-")
    with pytest.raises(PostNotFound):
        await posts.delete(ports, DeletePost("p1", who))
