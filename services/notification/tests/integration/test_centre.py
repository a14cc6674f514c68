"""The in-app centre: types with recipient and visibility rules, grouping, read marks,
paging, locale rendering, "why", idempotent replays."""

from __future__ import annotations

from collab_events.feed import CommentAdded, PostPublished, ReactionSet
from collab_events.group import GroupMemberLeft
from collab_events.profile import EmployeeFollowed
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, Sink, Upstream, make_group, new_id, register, settle, wait_notifications


async def _people(upstream: Upstream, service: RunningService, *names: str) -> list[str]:
    ids = [new_id() for _ in names]
    for who, name in zip(ids, names, strict=True):
        await register(upstream, service, who, name)
    return ids


def _post(
    post_id: str, author: str, group_id: str, visibility: str, *mentions: str
) -> PostPublished:
    return PostPublished(
        post_id=post_id,
        author_id=author,
        group_id=group_id,
        visibility=visibility,
        mentions=list(mentions),
    )  # type: ignore[arg-type]


async def test_mention_reaches_readers_only(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, member, outsider = await _people(upstream, service, "Anna Müller", "Ben Ng", "Cy Li")
    secret = await make_group(upstream, service, author, member, visibility="secret")
    post_id = new_id("p")
    await upstream.publish(
        "feed",
        f"post:{post_id}",
        _post(post_id, author, secret, "secret", member, outsider, author),
        actor=author,
    )
    [seen] = await wait_notifications(api, member, 1)
    assert seen["type"] == "mention"
    assert seen["title"] == "Anna Müller mentioned you"
    assert seen["link"] == f"/posts/{post_id}"
    assert seen["actors"] == [{"id": author, "name": "Anna Müller"}]
    await settle()
    assert await api.notifications(outsider) == []  # a secret group's post: not a member
    assert await api.notifications(author) == []  # never about my own action


async def test_left_private_group_gets_nothing(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, leaver, stayer = await _people(upstream, service, "Ann A", "Lee L", "Sam S")
    group = await make_group(upstream, service, author, leaver, stayer, visibility="private")
    await upstream.publish(
        "group",
        f"group:{group}/member:{leaver}",
        GroupMemberLeft(group_id=group, employee_id=leaver),
        actor=leaver,
    )

    async def left() -> bool:
        doc = await service.runtime.models["memberships"].find_one({"_id": f"{group}/{leaver}"})
        return doc is not None and doc["status"] == "left"

    await eventually(left)
    post_id = new_id("p")
    await upstream.publish(
        "feed",
        f"post:{post_id}",
        _post(post_id, author, group, "private", leaver, stayer),
        actor=author,
    )
    await wait_notifications(api, stayer, 1)
    await settle()
    assert await api.notifications(leaver) == []


async def test_reactions_group_and_bump_unread(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    names = ["Anna Müller", "Bo B", "Cid C", "Dan D", "Eve E", "Fay F"]
    author, *reactors = await _people(upstream, service, "Pat Post", *names)
    group = await make_group(upstream, service, author, *reactors)
    post_id = new_id("p")
    await upstream.publish(
        "feed", f"post:{post_id}", _post(post_id, author, group, "public"), actor=author
    )
    first = ReactionSet(
        post_id=post_id,
        employee_id=reactors[0],
        reaction="like",
        group_id=group,
        visibility="public",
    )
    await upstream.publish("feed", f"reaction:{post_id}/{reactors[0]}", first, actor=reactors[0])
    [one] = await wait_notifications(api, author, 1)
    assert one["title"] == "Anna Müller reacted to your post"
    read = await api.call("POST", f"/v1/me/notifications/{one['id']}/read", author)
    assert read.status_code == 200 and read.json()["read"] is True
    assert await api.unread(author, after=read) == 0
    again = await api.call("POST", f"/v1/me/notifications/{one['id']}/read", author)
    assert again.headers["ETag"] == read.headers["ETag"]  # the same state read: no new event
    for who in reactors[1:]:
        event = ReactionSet(
            post_id=post_id,
            employee_id=who,
            reaction="celebrate",
            group_id=group,
            visibility="public",
        )
        await upstream.publish("feed", f"reaction:{post_id}/{who}", event, actor=who)

    async def grouped() -> bool:
        items = await api.notifications(author)
        return len(items) == 1 and items[0]["actor_count"] == 6

    await eventually(grouped, timeout_s=30)
    [group_view] = await api.notifications(author)
    assert group_view["id"] == one["id"]  # one group per type and target in the window
    assert group_view["read"] is False  # a new actor makes it unread again
    assert group_view["title"].endswith(" and 5 others reacted to your post")
    assert len(group_view["actors"]) == 3
    assert await api.unread(author) == 1


async def test_comments_replies_followers_read_all_and_paging(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, commenter, replier = await _people(upstream, service, "Au A", "Co C", "Re R")
    group = await make_group(upstream, service, author, commenter, replier)
    post_id, c1, c2 = new_id("p"), new_id("c"), new_id("c")
    await upstream.publish(
        "feed", f"post:{post_id}", _post(post_id, author, group, "public"), actor=author
    )
    top = CommentAdded(
        post_id=post_id,
        comment_id=c1,
        author_id=commenter,
        post_author_id=author,
        group_id=group,
        visibility="public",
    )
    await upstream.publish("feed", f"comment:{c1}", top, actor=commenter)
    await wait_notifications(api, author, 1)
    reply = CommentAdded(
        post_id=post_id,
        comment_id=c2,
        parent_id=c1,
        author_id=replier,
        post_author_id=author,
        group_id=group,
        visibility="public",
    )
    await upstream.publish("feed", f"comment:{c2}", reply, actor=replier)
    [replied] = await wait_notifications(api, commenter, 1)
    assert replied["type"] == "reply_to_comment"
    for follower in (commenter, replier):
        followed = EmployeeFollowed(follower_id=follower, followee_id=author)
        await upstream.publish("profile", f"follow:{follower}/{author}", followed, actor=follower)
    items = await wait_notifications(api, author, 2)
    types = sorted(i["type"] for i in items)
    assert types == ["comment_on_post", "new_follower"]
    follower_view = next(i for i in items if i["type"] == "new_follower")

    async def two_followers() -> bool:
        found = await api.notifications(author, type="new_follower")
        return found[0]["actor_count"] == 2

    await eventually(two_followers)
    first = await api.call("GET", "/v1/me/notifications", author, params={"limit": 1})
    assert len(first.json()["items"]) == 1 and first.json()["next_cursor"]
    rest = await api.call(
        "GET",
        "/v1/me/notifications",
        author,
        params={"limit": 1, "cursor": first.json()["next_cursor"]},
    )
    ids = {first.json()["items"][0]["id"], rest.json()["items"][0]["id"]}
    assert len(ids) == 2 and follower_view["id"] in ids
    assert rest.json()["next_cursor"] is None
    marked = await api.call("POST", "/v1/me/notifications/read-all", author)
    assert marked.status_code == 200 and marked.json()["until"]
    assert await api.unread(author, after=marked) == 0
    assert await api.notifications(author, unread="true") == []


async def test_german_titles_and_why(api: Api, upstream: Upstream, service: RunningService) -> None:
    author = new_id()
    await register(upstream, service, author, "Pat Post")
    reader = new_id()
    await register(upstream, service, reader, "Dora D", locale="de-AT")
    group = await make_group(upstream, service, author, reader)
    post_id = new_id("p")
    published = await upstream.publish(
        "feed", f"post:{post_id}", _post(post_id, reader, group, "public"), actor=reader
    )
    reaction = ReactionSet(
        post_id=post_id, employee_id=author, reaction="like", group_id=group, visibility="public"
    )
    reacted = await upstream.publish("feed", f"reaction:{post_id}/{author}", reaction, actor=author)
    [seen] = await wait_notifications(api, reader, 1)
    assert seen["title"] == "Pat Post hat auf deinen Beitrag reagiert"
    why = await api.call("GET", f"/v1/me/notifications/{seen['id']}/why", reader)
    assert why.status_code == 200
    body = why.json()
    assert body["rule"] == "Someone reacted to your post or comment."
    chain = [(link["id"], link["type"], link["role"]) for link in body["chain"]]
    assert chain == [(reacted.id, reacted.type, "cause"), (published.id, published.type, "on")]
    assert body["chain"][0]["actor_id"] == author
    other = await api.call("GET", f"/v1/me/notifications/{seen['id']}/why", author)
    assert other.status_code == 404  # someone else's notification does not exist for me


async def test_replaying_every_record_changes_nothing(
    api: Api, upstream: Upstream, service: RunningService, smtp: tuple[Sink, int]
) -> None:
    author, fan = await _people(upstream, service, "Rea R", "Fan F")
    group = await make_group(upstream, service, author, fan)
    post_id = new_id("p")
    await upstream.publish(
        "feed", f"post:{post_id}", _post(post_id, author, group, "public", fan), actor=author
    )
    reaction = ReactionSet(
        post_id=post_id, employee_id=fan, reaction="like", group_id=group, visibility="public"
    )
    await upstream.publish("feed", f"reaction:{post_id}/{fan}", reaction, actor=fan)
    await wait_notifications(api, author, 1)
    await wait_notifications(api, fan, 1)
    notes = service.runtime.models["notifications"]
    mine = {"recipient": {"$in": [author, fan]}}

    async def checked() -> bool:  # the mailer has looked at both (the mention is mailed)
        return await notes.count_documents({**mine, "mail_check": True}) == 0

    await eventually(checked)
    await eventually(lambda: _mailed(smtp[0], f"{fan}@example.com", 1))
    before = sorted([d async for d in notes.find(mine)], key=lambda d: d["_id"])
    mails_before = len(smtp[0].messages)
    # Forget which records were applied, so that every handler really runs again.
    await service.runtime.models["applied_inbox"].delete_many({})
    for name, envelope in list(upstream.sent):
        await upstream.send(name, envelope)
    await settle(4.0)
    after = sorted([d async for d in notes.find(mine)], key=lambda d: d["_id"])
    assert after == before
    assert len(smtp[0].messages) == mails_before


async def _mailed(sink: Sink, address: str, count: int) -> bool:
    return len(sink.to(address)) >= count
