"""Moderation: reports, the queue per moderator, hide and restore, every action an event."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_report_queue_hide_and_restore(api, world, ids, problem, service) -> None:
    owner, moderator, author, reporter, elsewhere = ids(), ids(), ids(), ids(), ids()
    group_id = await world.group(owner)
    other_group = await world.group(elsewhere)
    for who in (moderator, author, reporter):
        await world.join(group_id, who)
    await world.promote(group_id, moderator, "moderator")
    post_id, _ = await api.post(author, "buy cheap watches", group_id)
    url = f"/v1/posts/{post_id}"
    first = await api.call("POST", f"{url}/reports", reporter, json={"reason": "spam"})
    again = await api.call("POST", f"{url}/reports", reporter, json={"reason": "spam!"})
    assert first.status_code == again.status_code == 200 and again.json()["version"] == 1
    token = first.headers["consistency-token"]

    async def queue(who: str, roles: tuple[str, ...] = ()) -> list[dict]:
        answer = await api.call("GET", "/v1/moderation/reports", who, roles=roles, token=token)
        assert answer.status_code == 200, answer.text
        return [i for i in answer.json()["items"] if i["post_id"] == post_id]

    (item,) = await queue(moderator)
    assert (item["report_count"], item["last_reason"], item["group_id"]) == (1, "spam", group_id)
    assert await queue(reporter) == [] and await queue(elsewhere) == []
    assert len(await queue(ids(), ("admin",))) == 1
    problem(await api.call("POST", f"{url}/hide", author, json={"reason": "x"}), 403)
    problem(await api.call("POST", f"{url}/hide", elsewhere, json={"reason": "x"}), 403)
    hidden = await api.call("POST", f"{url}/hide", moderator, json={"reason": "spam"})
    assert hidden.status_code == 200, hidden.text
    token = hidden.headers["consistency-token"]
    problem(await api.call("GET", url, reporter, token=token), 404, "post-not-found")
    listed = await api.call("GET", f"/v1/groups/{group_id}/posts", reporter)
    assert post_id not in [p["id"] for p in listed.json()["items"]]
    for who in (author, moderator):
        view = await api.call("GET", url, who)
        assert view.status_code == 200 and view.json()["hidden"] is True
    problem(await api.call("PUT", f"{url}/reactions/me", reporter, json={"type": "like"}), 404)
    assert await queue(moderator) == []
    restored = await api.call("POST", f"{url}/restore", moderator, json={"reason": "ok"})
    assert restored.status_code == 200
    token = restored.headers["consistency-token"]
    assert (await api.call("GET", url, reporter, token=token)).json()["hidden"] is False
    audit = [r.envelope.type for r in await service.runtime.store.load(f"post:{post_id}")]
    assert audit[-2:] == ["collab.feed.post_hidden.v1", "collab.feed.post_restored.v1"]
    del other_group


async def test_profile_posts_are_moderated_by_platform_admins(api, ids, problem) -> None:
    author, reporter, admin = ids(), ids(), ids()
    post_id, _ = await api.post(author, "my profile post")
    reported = await api.call(
        "POST", f"/v1/posts/{post_id}/reports", reporter, json={"reason": "rude"}
    )
    assert reported.status_code == 200
    problem(
        await api.call("POST", f"/v1/posts/{post_id}/hide", reporter, json={"reason": "x"}), 403
    )
    hidden = await api.call(
        "POST", f"/v1/posts/{post_id}/hide", admin, roles=("admin",), json={"reason": "rude"}
    )
    assert hidden.status_code == 200
    token = hidden.headers["consistency-token"]
    problem(await api.call("GET", f"/v1/posts/{post_id}", reporter, token=token), 404)
