"""Download my data: ``GET /v1/me/export`` holds exactly the caller's own feed records."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image

pytestmark = pytest.mark.integration


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


async def upload(api: Any, who: str, data: bytes, name: str) -> str:
    """An uploaded image's attachment id (presigned PUT to the real S3 server)."""
    body = {"name": name, "size": len(data), "content_type": "image/png"}
    slot = await api.call("POST", "/v1/attachments", who, json=body)
    assert slot.status_code == 201, slot.text
    upload_ = slot.json()["upload"]
    async with httpx.AsyncClient() as s3:
        put = await s3.put(upload_["url"], content=data, headers=upload_["headers"])
    assert put.status_code == 200, put.text
    return str(slot.json()["id"])


async def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json() if response.content else {}


async def my_records(api: Any, world: Any, ids: Any) -> dict[str, Any]:
    """The caller's posts, comments, reactions, settings and report, and the other's noise."""
    me, other, ana = ids(), ids(), ids()
    for who in (me, other):
        await world.person(who)
    await world.person(ana, user_name="ana.export@example.com")
    group_id = await world.group(other)
    await world.join(group_id, me)
    links = [{"url": "https://example.com/plan", "title": "Plan"}]
    profile_post, _ = await api.post(me, "draft @ana.export@example.com #Q3", links=links)
    edit = {"text": "final @ana.export@example.com #Q3 #done", "links": links}
    url = f"/v1/posts/{profile_post}"
    await ok(await api.call("PATCH", url, me, json=edit, headers={"If-Match": '"1"'}))
    picture = await upload(api, me, png(), "chart.png")
    group_post, _ = await api.post(me, "see the chart", group_id, attachments=[picture])
    gone_post, _ = await api.post(me, "oops")
    await ok(await api.call("DELETE", f"/v1/posts/{gone_post}", me), 204)
    theirs, _ = await api.post(other, "their post", group_id)
    comments = f"/v1/posts/{theirs}/comments"
    their_comment = await ok(await api.call("POST", comments, other, json={"text": "q"}), 201)
    mine = await ok(await api.call("POST", comments, me, json={"text": "my comment"}), 201)
    reply_body = {"text": "my reply", "parent_id": their_comment["id"]}
    reply = await ok(await api.call("POST", comments, me, json=reply_body), 201)
    on_mine = f"/v1/posts/{group_post}/comments"
    await ok(await api.call("POST", on_mine, other, json={"text": "their comment"}), 201)
    await ok(await api.call("PUT", f"/v1/posts/{theirs}/reactions/me", me, json={"type": "like"}))
    on_comment = f"{comments}/{their_comment['id']}/reactions/me"
    await ok(await api.call("PUT", on_comment, me, json={"type": "insightful"}))
    removed = f"/v1/posts/{group_post}/reactions/me"
    await ok(await api.call("PUT", removed, me, json={"type": "celebrate"}))
    await ok(await api.call("DELETE", removed, me), 204)
    await ok(await api.call("PUT", removed, other, json={"type": "support"}))
    await ok(await api.call("PUT", "/v1/me/feed-settings", me, json={"order": "ranked"}))
    await ok(await api.call("PUT", "/v1/me/feed-settings", other, json={"order": "recent"}))
    await ok(await api.call("POST", f"/v1/posts/{theirs}/reports", me, json={"reason": "spam"}))
    report_mine = {"reason": "their secret complaint"}
    await ok(await api.call("POST", f"/v1/posts/{group_post}/reports", other, json=report_mine))
    return {
        "me": me, "other": other, "ana": ana, "group_id": group_id, "theirs": theirs,
        "posts": (profile_post, group_post, gone_post), "picture": picture,
        "comments": (mine["id"], reply["id"]), "their_comment": their_comment["id"],
    }  # fmt: skip


async def settled(seen: Any, r: dict[str, Any]) -> None:
    """Wait until the read models hold every write above (each is its own stream)."""
    me, other, (_, group_post, gone_post) = r["me"], r["other"], r["posts"]
    await seen("posts", {"_id": gone_post, "deleted": True})
    await seen("comments", {"_id": r["comments"][1]})
    await seen("comments", {"post_id": group_post, "author_id": other})
    await seen("reactions", {"employee_id": me, "target": r["theirs"]})
    await seen("reactions", {"employee_id": me, "target": {"$regex": "/comment:"}})
    await seen("reactions", {"employee_id": me, "target": group_post, "reaction": None})
    await seen("reactions", {"employee_id": other, "target": group_post})
    await seen("feed_settings", {"_id": me})
    await seen("feed_settings", {"_id": other})
    await seen("moderation_queue", {"_id": r["theirs"], "reporters": me})
    await seen("moderation_queue", {"_id": group_post, "reporters": other})


async def test_the_export_holds_exactly_my_records(api, world, ids, seen) -> None:
    r = await my_records(api, world, ids)
    await settled(seen, r)
    body = await ok(await api.call("GET", "/v1/me/export", r["me"]))
    profile_post, group_post, gone_post = r["posts"]
    assert body["employee_id"] == r["me"] and body["exported_at"].startswith("20")
    posts = {p["id"]: p for p in body["posts"]}
    assert set(posts) == set(r["posts"])
    edited = posts[profile_post]
    assert edited["text"] == f"final @{{{r['ana']}}} #Q3 #done"
    assert (edited["profile_id"], edited["group_id"], edited["visibility"]) == (
        r["me"], None, "profile",
    )  # fmt: skip
    assert edited["mentions"] == [r["ana"]] and edited["topics"] == ["q3", "done"]
    assert edited["links"] == [{"url": "https://example.com/plan", "title": "Plan"}]
    assert edited["created_at"] and edited["edited_at"] and not edited["deleted"]
    history = [(v["version"], v["text"], v["topics"]) for v in edited["history"]]
    assert history == [
        (1, f"draft @{{{r['ana']}}} #Q3", ["q3"]),
        (2, f"final @{{{r['ana']}}} #Q3 #done", ["q3", "done"]),
    ]
    [file] = posts[group_post]["attachments"]
    assert (file["id"], file["name"], file["content_type"]) == (
        r["picture"],
        "chart.png",
        "image/png",
    )
    assert file["preview"] is True and "url" not in json.dumps(file)
    assert posts[group_post]["group_id"] == r["group_id"]
    assert posts[group_post]["history"][0]["attachments"][0]["id"] == r["picture"]
    gone = posts[gone_post]
    assert gone["deleted"] and gone["text"] == "" and gone["history"] == []
    comments = {c["id"]: c for c in body["comments"]}
    assert set(comments) == set(r["comments"])
    mine, reply = (comments[c] for c in r["comments"])
    assert (mine["post_id"], mine["parent_id"], mine["text"]) == (r["theirs"], None, "my comment")
    assert (reply["parent_id"], reply["text"]) == (r["their_comment"], "my reply")
    reactions = sorted(
        (x["post_id"], x["comment_id"] or "", x["reaction"]) for x in body["reactions"]
    )
    assert reactions == sorted(
        [(r["theirs"], "", "like"), (r["theirs"], r["their_comment"], "insightful")]
    )
    assert body["feed_settings"] == {"order": "ranked"}
    [report] = body["reports"]
    assert (report["post_id"], report["reason"]) == (r["theirs"], "spam")
    assert report["reported_at"]
    text = json.dumps(body)  # nothing names the other person or what they said
    for foreign in (r["other"], "their secret complaint", "their comment", "their post", "support"):
        assert foreign not in text


async def test_someone_unknown_gets_empty_sections_and_no_token_is_401(api, ids, service) -> None:
    stranger = ids()
    body = await ok(await api.call("GET", "/v1/me/export", stranger))
    assert body["employee_id"] == stranger
    empty = {"posts": [], "comments": [], "reactions": [], "reports": []}
    assert {k: body[k] for k in empty} == empty
    assert body["feed_settings"] == {"order": None}
    anonymous = await service.client.get("/v1/me/export")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    schema = (await service.client.get("/openapi.json")).json()
    answer = schema["paths"]["/v1/me/export"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/FeedExport")
