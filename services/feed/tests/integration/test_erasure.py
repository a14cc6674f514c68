"""Erasure: the person's posts, comments and reactions go, and no collection keeps their name."""

from __future__ import annotations

import json

import pytest
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration


async def _personal_data_left(service, needles: list[str]) -> list[str]:
    """Every (collection, document id) of the feed's database that still holds a needle."""
    db = service.runtime.db
    found = []
    for name in await db.list_collection_names():
        async for doc in db[name].find({}):
            text = json.dumps(doc, default=str, ensure_ascii=False).casefold()
            found += [f"{name}/{doc.get('_id')}" for n in needles if n.casefold() in text]
    return found


async def test_erasure_leaves_no_personal_data(api, world, ids, service, problem) -> None:
    erin, friend, owner = ids(), ids(), ids()
    email = f"{erin}.erin.quill@example.com"
    await world.person(erin, user_name=email, display_name="Erin Quill", email=email)
    await world.person(friend, display_name="Fred Friend")
    group_id = await world.group(owner)
    await world.join(group_id, erin)
    own, _ = await api.post(erin, "Erin Quill writes about quill pens #quills")
    in_group, _ = await api.post(erin, "Erin Quill in the group", group_id)
    edit = await api.call("PATCH", f"/v1/posts/{own}", erin, json={"text": "Erin Quill edited"})
    assert edit.status_code == 200
    other, _ = await api.post(friend, f"Thanks @{email} for the tip")
    url = f"/v1/posts/{other}"
    comment = await api.call("POST", f"{url}/comments", erin, json={"text": "Erin Quill says hi"})
    reply_to = await api.call("POST", f"{url}/comments", friend, json={"text": "first"})
    parent = reply_to.json()["id"]
    reply = {"text": "Erin Quill replies", "parent_id": parent}
    assert (await api.call("POST", f"{url}/comments", erin, json=reply)).status_code == 201
    reacted = await api.call("PUT", f"{url}/reactions/me", erin, json={"type": "celebrate"})
    token = reacted.headers["consistency-token"]
    mention = (await api.call("GET", url, friend, token=token)).json()["mentions"]
    assert mention == [{"employee_id": erin, "display_name": "Erin Quill"}]
    assert comment.status_code == 201

    needles = ["Erin Quill", email, "quill pens"]
    before = await _personal_data_left(service, needles)
    assert {k.split("/")[0] for k in before} >= {"people", "posts", "comments", "events"}

    await world.erase(erin)

    async def forgotten() -> bool:
        return not await _personal_data_left(service, needles)

    await eventually(forgotten, timeout_s=30)
    for post_id in (own, in_group):
        problem(await api.call("GET", f"/v1/posts/{post_id}", friend), 404, "post-not-found")
    view = (await api.call("GET", url, friend)).json()
    assert view["mentions"] == [] and view["reactions"]["total"] == 0
    comments = (await api.call("GET", f"{url}/comments", friend)).json()["items"]
    assert [c["text"] for c in comments] == ["first"] and comments[0]["reply_count"] == 0
    topic = (await api.call("GET", "/v1/topics/quills/posts", friend)).json()["items"]
    assert topic == []
    # The erasure policy's events reached the event store, so a replay deletes them too.
    store = service.runtime.store

    async def deleted_in_store() -> bool:
        events = await store.load(f"post:{own}")
        return events[-1].envelope.type == "collab.feed.post_deleted.v1"

    await eventually(deleted_in_store)
    redelivered = await _personal_data_left(service, needles)
    assert redelivered == []
