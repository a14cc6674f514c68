"""Pins, comments, reactions and the erasure policy through execute (in-memory store)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collab_events import new_envelope
from collab_events.feed import CommentDeleted, PostDeleted, ReactionRemoved, ReactionSet
from collab_events.profile import EmployeeErased
from feed_service.domain.commands import (
    AddComment,
    PinPost,
    PublishPost,
    RemoveReaction,
    SetReaction,
)
from feed_service.domain.errors import (
    CommentNotFound,
    NotAllowed,
    PostNotFound,
    ReplyToReply,
    TooManyPins,
)
from feed_service.domain.model import Caller
from feed_service.domain.pins import MAX_PINS
from feed_service.handlers import comments, pins, posts, reactions
from feed_service.policies import ERASURE
from servicekit.projection import EventContext, ReadModels

from .conftest import NOW, member_of, outsider_of

AUTHOR, MOD = Caller("author"), Caller("mod")


async def _group_post(ports, places, post_id: str = "p1", visibility: str = "public") -> None:
    places.views[("g", "author")] = member_of(visibility)
    places.views[("g", "mod")] = member_of(visibility, role="moderator")
    await posts.publish(ports, PublishPost(post_id, AUTHOR, "g", f"post {post_id}"))


async def test_pins_by_moderators_with_a_limit_that_ignores_expired(ports, places, store) -> None:
    for n in range(MAX_PINS + 1):
        await _group_post(ports, places, f"p{n}")
    with pytest.raises(NotAllowed):
        await pins.pin(ports, PinPost("g", "p0", AUTHOR, None, NOW))
    expired = NOW - timedelta(minutes=1)
    await pins.pin(ports, PinPost("g", "p0", MOD, NOW + timedelta(seconds=1), expired))
    for n in range(1, MAX_PINS):
        await pins.pin(ports, PinPost("g", f"p{n}", MOD, None, NOW))
    with pytest.raises(TooManyPins):
        await pins.pin(ports, PinPost("g", f"p{MAX_PINS}", MOD, None, NOW))
    later = NOW + timedelta(seconds=2)  # p0's pin expired: a place is free again
    await pins.pin(ports, PinPost("g", f"p{MAX_PINS}", MOD, None, later))
    repeat = await pins.pin(ports, PinPost("g", f"p{MAX_PINS}", MOD, None, later))
    assert repeat.version == MAX_PINS + 1 == await store.version("pins:g")


async def test_replies_go_one_level_deep(ports, places) -> None:
    await _group_post(ports, places)
    await comments.add(ports, AddComment("c1", "p1", MOD, "top"))
    await comments.add(ports, AddComment("c2", "p1", AUTHOR, "reply", parent_id="c1"))
    with pytest.raises(ReplyToReply):
        await comments.add(ports, AddComment("c3", "p1", MOD, "deeper", parent_id="c2"))
    with pytest.raises(CommentNotFound):
        await comments.add(ports, AddComment("c4", "p1", MOD, "elsewhere", parent_id="nope"))


async def test_outsiders_of_a_private_group_cannot_comment_or_react(ports, places) -> None:
    await _group_post(ports, places, visibility="private")
    places.views[("g", "out")] = outsider_of("private")
    with pytest.raises(PostNotFound):
        await comments.add(ports, AddComment("c1", "p1", Caller("out"), "hi"))
    with pytest.raises(PostNotFound):
        await reactions.set_reaction(ports, SetReaction("p1", Caller("out"), "like"))


async def test_one_reaction_per_person_on_its_own_stream(ports, places, store) -> None:
    await _group_post(ports, places)
    await reactions.set_reaction(ports, SetReaction("p1", MOD, "like"))
    await reactions.set_reaction(ports, SetReaction("p1", MOD, "like"))
    await reactions.set_reaction(ports, SetReaction("p1", MOD, "curious"))
    await reactions.remove_reaction(ports, RemoveReaction("p1", MOD))
    await reactions.remove_reaction(ports, RemoveReaction("p1", MOD))
    stream = [r.event for r in await store.load("reaction:p1/mod")]
    assert [type(e) for e in stream] == [ReactionSet, ReactionSet, ReactionRemoved]
    assert await store.version("post:p1") == 1  # the post stream is never written by reactions


async def test_erasure_policy_deletes_and_redacts_once(ports, places, store) -> None:
    await _group_post(ports, places)
    await comments.add(ports, AddComment("c1", "p1", MOD, "from mod"))
    await comments.add(ports, AddComment("c2", "p1", AUTHOR, "from author"))
    await reactions.set_reaction(ports, SetReaction("p1", AUTHOR, "like"))
    handle = ERASURE.consumer(store, ports).handlers[EmployeeErased]
    erased = EmployeeErased(employee_id="author")
    envelope = new_envelope(erased, subject="employee:author", streamversion=2)
    ctx = EventContext(envelope, ReadModels(None))  # type: ignore[arg-type]
    await handle(erased, ctx)
    await handle(erased, ctx)  # a redelivery appends nothing
    post = await store.load("post:p1")
    assert [type(r.event) for r in post][1:] == [PostDeleted]
    assert post[0].event.content.text == "" and post[1].event.reason == "erased"
    assert [type(r.event) for r in await store.load("comment:c2")][1:] == [CommentDeleted]
    assert len(await store.load("comment:c1")) == 1  # someone else's comment stays
    assert type((await store.load("reaction:p1/author"))[-1].event) is ReactionRemoved
    assert post[1].envelope.causationid == envelope.id


async def test_moderation_reports_once_and_hides_by_moderators(ports, places, store) -> None:
    from feed_service.domain.commands import HidePost, ReportPost, RestorePost
    from feed_service.handlers import moderation

    await _group_post(ports, places)
    places.views[("g", "rep")] = member_of()
    first = await moderation.report(ports, ReportPost("p1", Caller("rep"), "spam"))
    again = await moderation.report(ports, ReportPost("p1", Caller("rep"), "spam again"))
    assert first.version == again.version == 1 and first.subject == "report:p1/rep"
    with pytest.raises(NotAllowed):
        await moderation.hide(ports, HidePost("p1", Caller("rep"), "no"))
    await moderation.hide(ports, HidePost("p1", MOD, "spam"))
    await moderation.hide(ports, HidePost("p1", MOD, "spam"))  # hidden already: no change
    with pytest.raises(PostNotFound):  # hidden: only the author and moderators read it
        await reactions.set_reaction(ports, SetReaction("p1", Caller("rep"), "like"))
    await reactions.set_reaction(ports, SetReaction("p1", AUTHOR, "like"))
    await moderation.restore(ports, RestorePost("p1", MOD, "fine"))
    assert await store.version("post:p1") == 3
