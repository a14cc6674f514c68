"""Who reads what, always from the feed's own replicas: every place and reader, leaving, posting."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

READERS = ("member", "outsider", "left", "admin")
# (visibility, reader) -> (GET post, GET group posts); topics and lists follow the post.
EXPECTED = {
    ("public", "member"): (200, 200),
    ("public", "outsider"): (200, 200),
    ("public", "left"): (200, 200),
    ("public", "admin"): (200, 200),
    ("private", "member"): (200, 200),
    ("private", "outsider"): (404, 403),
    ("private", "left"): (404, 403),
    ("private", "admin"): (200, 200),
    ("secret", "member"): (200, 200),
    ("secret", "outsider"): (404, 404),
    ("secret", "left"): (404, 404),
    ("secret", "admin"): (200, 200),
}


@pytest.mark.parametrize("visibility", ["public", "private", "secret"])
async def test_every_path_by_visibility_and_reader(api, world, ids, visibility) -> None:
    owner, member, outsider, left, admin = ids(), ids(), ids(), ids(), ids()
    group_id = await world.group(owner, visibility)
    for who in (member, left):
        await world.join(group_id, who)
    tag = ids("t").replace("-", "")
    post_id, token = await api.post(owner, f"hello #{tag} @{member}@example.com", group_id)
    comment = await api.call("POST", f"/v1/posts/{post_id}/comments", member, json={"text": "hi"})
    assert comment.status_code == 201
    await world.leave(group_id, left)
    for name, who in zip(READERS, (member, outsider, left, admin), strict=True):
        roles = ("admin",) if name == "admin" else ()
        want_post, want_list = EXPECTED[(visibility, name)]
        got = await api.call("GET", f"/v1/posts/{post_id}", who, roles=roles, token=token)
        assert got.status_code == want_post, (name, got.text)
        listed = await api.call("GET", f"/v1/groups/{group_id}/posts", who, roles=roles)
        assert listed.status_code == want_list, (name, listed.text)
        readable = want_post == 200
        paths = [
            f"/v1/topics/{tag}/posts",
            f"/v1/employees/{owner}/posts",
        ]
        for path in paths:
            items = (await api.call("GET", path, who, roles=roles)).json()["items"]
            assert (post_id in [p["id"] for p in items]) is readable, (name, path)
        comments = await api.call("GET", f"/v1/posts/{post_id}/comments", who, roles=roles)
        assert comments.status_code == want_post, (name, comments.text)
        history = await api.call("GET", f"/v1/posts/{post_id}/history", who, roles=roles)
        assert history.status_code == want_post
        reacted = await api.call(
            "PUT", f"/v1/posts/{post_id}/reactions/me", who, roles=roles, json={"type": "like"}
        )
        assert reacted.status_code == want_post, (name, reacted.text)
        if not readable:
            assert "hello" not in got.text + comments.text + history.text + reacted.text


@pytest.mark.parametrize(
    ("visibility", "status", "type_"),
    [
        ("public", 403, "group-members-only"),
        ("private", 403, "group-members-only"),
        ("secret", 404, "group-not-found"),
    ],
)
async def test_only_members_post_in_a_group(
    api, world, ids, problem, visibility, status, type_
) -> None:
    owner, outsider = ids(), ids()
    group_id = await world.group(owner, visibility)
    body = {"text": "let me in", "group_id": group_id}
    problem(await api.call("POST", "/v1/posts", outsider, json=body), status, type_)
    unknown = {"text": "where?", "group_id": ids("g")}
    problem(await api.call("POST", "/v1/posts", owner, json=unknown), 404, "group-not-found")
    assert (await api.call("POST", "/v1/posts", owner, json=body)).status_code == 201


async def test_leaving_a_private_group_stops_access_at_once(api, world, ids, problem) -> None:
    owner, member = ids(), ids()
    group_id = await world.group(owner, "private")
    await world.join(group_id, member)
    post_id, token = await api.post(owner, "members only #inner", group_id)
    assert (await api.call("GET", f"/v1/posts/{post_id}", member, token=token)).status_code == 200
    await world.leave(group_id, member)
    problem(await api.call("GET", f"/v1/posts/{post_id}", member), 404, "post-not-found")
    problem(await api.call("GET", f"/v1/groups/{group_id}/posts", member), 403)
    problem(await api.call("GET", f"/v1/posts/{post_id}/comments", member), 404)
    topic = await api.call("GET", "/v1/topics/inner/posts", member)
    assert post_id not in [p["id"] for p in topic.json()["items"]]


async def test_deactivated_author_shown_inactive(api, world, ids) -> None:
    author, reader = ids(), ids()
    await world.person(author, display_name="Dana Gone")
    post_id, token = await api.post(author, "still here")
    await world.deactivate(author)
    view = (await api.call("GET", f"/v1/posts/{post_id}", reader, token=token)).json()
    assert view["author"] == {"employee_id": author, "display_name": "Dana Gone", "active": False}
