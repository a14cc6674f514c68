"""Attachments on the real embedded S3 server: upload, verification, access, removal, previews."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from feed_service.config import FeedSettings
from feed_service.domain.errors import StorageUnavailable
from feed_service.storage import AttachmentStore
from feed_service.worker import sweep_once
from PIL import Image
from servicekit.embedded import free_port
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration


def png(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


async def upload(api: Any, who: str, data: bytes, content_type: str, name: str = "f") -> str:
    """Ask for an upload URL, PUT the bytes with its headers; the attachment id."""
    body = {"name": name, "size": len(data), "content_type": content_type}
    slot = await api.call("POST", "/v1/attachments", who, json=body)
    assert slot.status_code == 201, slot.text
    upload = slot.json()["upload"]
    async with httpx.AsyncClient() as s3:
        put = await s3.put(upload["url"], content=data, headers=upload["headers"])
    assert put.status_code == 200, put.text
    return str(slot.json()["id"])


async def fetch(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as s3:
        return await s3.get(url)


async def test_an_image_post_shows_a_preview_and_hands_out_its_file(api, world, ids) -> None:
    me = ids("e")
    await world.person(me)
    image = png()
    attachment = await upload(api, me, image, "image/png", "Plan ü.png")
    post_id, token = await api.post(me, "with a picture", attachments=[attachment])
    view = (await api.call("GET", f"/v1/posts/{post_id}", me, token=token)).json()
    [item] = view["attachments"]
    assert (item["id"], item["content_type"], item["size"]) == (attachment, "image/png", len(image))
    assert item["name"] == "Plan ü.png"
    preview = await fetch(item["preview_url"])
    assert preview.status_code == 200
    with Image.open(io.BytesIO(preview.content)) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) <= 320
    got = await api.call("GET", f"/v1/posts/{post_id}/attachments/{attachment}", me)
    assert got.status_code == 200, got.text
    file = await fetch(got.json()["url"])
    assert file.content == image
    assert "attachment" in file.headers["content-disposition"]


async def test_the_history_shows_each_versions_attachments(api, world, ids) -> None:
    me, reader = ids("e"), ids("e")
    await world.person(me)
    image, pdf = (
        await upload(api, me, png(), "image/png", "a.png"),
        await upload(api, me, b"%PDF-1.4\n%%EOF\n", "application/pdf", "b.pdf"),
    )
    post_id, _ = await api.post(me, "v1", attachments=[image])
    url = f"/v1/posts/{post_id}"
    edited = await api.call(
        "PATCH", url, me, json={"text": "v2", "attachments": [pdf]}, headers={"If-Match": '"1"'}
    )
    assert edited.status_code == 200, edited.text
    token = edited.headers["consistency-token"]
    history = await api.call("GET", f"{url}/history", reader, token=token)
    assert history.status_code == 200, history.text
    versions = history.json()["items"]
    assert [[a["id"] for a in v["attachments"]] for v in versions] == [[image], [pdf]]
    assert [a["content_type"] for v in versions for a in v["attachments"]] == [
        "image/png",
        "application/pdf",
    ]
    # the image was dropped by the edit: its metadata stays, but no URL to a swept file
    assert versions[0]["attachments"][0]["preview_url"] is None


async def test_a_file_is_checked_by_its_content_not_its_declared_type(
    api, world, ids, problem, service
) -> None:
    me = ids("e")
    await world.person(me)
    spoofed = await upload(api, me, b"<html><script>alert(1)</script></html>", "image/png")
    refused = await api.call("POST", "/v1/posts", me, json={"text": "x", "attachments": [spoofed]})
    problem(refused, 422, "attachment-rejected")
    files = service.runtime.ports.attachments
    assert await files.stat(f"uploads/{me}/{spoofed}") is None  # deleted when rejected
    pdf_as_text = await upload(api, me, b"%PDF-1.7\n...", "text/plain")
    refused = await api.call(
        "POST", "/v1/posts", me, json={"text": "x", "attachments": [pdf_as_text]}
    )
    problem(refused, 422, "attachment-rejected")
    broken = await upload(api, me, b"\x89PNG\r\n\x1a\n not really", "image/png")
    refused = await api.call("POST", "/v1/posts", me, json={"text": "x", "attachments": [broken]})
    problem(refused, 422, "attachment-rejected")
    pdf = await upload(api, me, b"%PDF-1.7\n%minimal\n", "application/pdf", "a.pdf")
    post_id, _ = await api.post(me, "a document", attachments=[pdf])
    assert post_id


async def test_size_limits_and_uploads_of_others(api, world, ids, problem) -> None:
    me, other = ids("e"), ids("e")
    await world.person(me)
    await world.person(other)
    too_big = {"name": "big.pdf", "size": 25 * 1024 * 1024 + 1, "content_type": "application/pdf"}
    problem(await api.call("POST", "/v1/attachments", me, json=too_big), 422)
    body = {"name": "a.txt", "size": 5, "content_type": "text/plain"}
    upload_ = (await api.call("POST", "/v1/attachments", me, json=body)).json()["upload"]
    async with httpx.AsyncClient() as s3:  # more bytes than declared: S3 refuses the PUT
        headers = {**upload_["headers"], "Content-Length": "11"}
        assert (await s3.put(upload_["url"], content=b"hello world", headers=headers)).is_error
    mine = await upload(api, me, b"hello", "text/plain")
    stolen = await api.call("POST", "/v1/posts", other, json={"text": "x", "attachments": [mine]})
    problem(stolen, 422, "attachment-rejected")
    never = await api.call("POST", "/v1/posts", me, json={"text": "x", "attachments": ["nope"]})
    problem(never, 422, "attachment-rejected")
    many = [await upload(api, me, b"hi", "text/plain") for _ in range(11)]
    problem(await api.call("POST", "/v1/posts", me, json={"text": "x", "attachments": many}), 422)


@pytest.mark.parametrize("visibility", ["public", "private", "secret"])
async def test_download_urls_only_for_readers(api, world, ids, problem, visibility) -> None:
    owner, member, outsider, leaver = ids("e"), ids("e"), ids("e"), ids("e")
    for person in (owner, member, outsider, leaver):
        await world.person(person)
    group = await world.group(owner, visibility)
    await world.join(group, member)
    await world.join(group, leaver)
    attachment = await upload(api, owner, b"minutes", "text/plain", "minutes.txt")
    post_id, _ = await api.post(owner, "minutes", group, attachments=[attachment])
    await world.leave(group, leaver)
    path = f"/v1/posts/{post_id}/attachments/{attachment}"
    for reader in (owner, member):
        assert (await api.call("GET", path, reader)).status_code == 200
    for reader in (outsider, leaver):
        answer = await api.call("GET", path, reader)
        if visibility == "public":
            assert answer.status_code == 200
        else:
            problem(answer, 404, "post-not-found")
    admin = await api.call("GET", path, ids("e"), roles=("admin",))
    assert admin.status_code == 200, admin.text  # platform admins read every post
    problem(await api.call("GET", f"/v1/posts/{post_id}/attachments/other", owner), 404)


async def test_files_go_with_the_post_and_with_an_erased_author(api, world, ids, service) -> None:
    me = ids("e")
    await world.person(me)
    files = service.runtime.ports.attachments
    image, text = (
        await upload(api, me, png(64, 64), "image/png"),
        await upload(api, me, b"x", "text/plain"),
    )
    post_id, _ = await api.post(me, "soon gone", attachments=[image, text])
    assert await files.stat(f"previews/{image}") is not None
    assert (await api.call("DELETE", f"/v1/posts/{post_id}", me)).status_code == 204

    async def gone(*keys: str) -> bool:
        return all([await files.stat(k) is None for k in keys])

    await eventually(
        lambda: gone(f"uploads/{me}/{image}", f"uploads/{me}/{text}", f"previews/{image}")
    )
    kept = await upload(api, me, b"mine", "text/plain")
    await api.post(me, "erased later", attachments=[kept])
    await world.erase(me)
    await eventually(lambda: gone(f"uploads/{me}/{kept}"))


async def test_one_upload_belongs_to_one_post(api, world, ids, problem) -> None:
    me = ids("e")
    await world.person(me)
    shared = await upload(api, me, b"only once", "text/plain")
    first, _ = await api.post(me, "first", attachments=[shared])
    again = await api.call("POST", "/v1/posts", me, json={"text": "x", "attachments": [shared]})
    problem(again, 422, "attachment-rejected")
    got = await api.call("GET", f"/v1/posts/{first}/attachments/{shared}", me)
    assert got.status_code == 200  # the refusal did not delete the first post's file
    assert (await fetch(got.json()["url"])).content == b"only once"


async def test_expired_uploads_are_swept_unless_a_post_holds_them(api, world, ids, service) -> None:
    me = ids("e")
    await world.person(me)
    files = service.runtime.ports.attachments
    held = await upload(api, me, b"held", "text/plain")
    loose = await upload(api, me, b"loose", "text/plain")
    await api.post(me, "holds one", attachments=[held])
    later = datetime.now(UTC) + timedelta(hours=2)
    assert await sweep_once(files, service.runtime, later) >= 1
    assert await files.stat(f"uploads/{me}/{loose}") is None
    assert await files.stat(f"uploads/{me}/{held}") is not None


async def test_an_unreachable_store_is_a_503_problem_not_a_crash() -> None:
    dead = AttachmentStore(FeedSettings(s3_endpoint=f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(StorageUnavailable):
        await dead.stat("uploads/e-1/a-1")
