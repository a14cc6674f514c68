"""Attachment use cases: hand out an upload URL, verify uploads a post takes, make previews.

Verification reads the stored object, never the client's word: its size from S3, its type
from its first bytes (``domain.attachments``), an image's decodability by making its
thumbnail. A rejected upload is deleted at once.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from collab_events.feed import Attachment
from PIL import Image, UnidentifiedImageError

from feed_service.domain.attachments import IMAGES, MAX_ATTACHMENTS, SNIFF_BYTES, check_upload
from feed_service.domain.errors import AttachmentRejected, TooManyAttachments
from feed_service.domain.model import Caller
from feed_service.storage import AttachmentStore, SignedRequest, preview_key, upload_key

PREVIEW_SIZE = (320, 320)  # bounding box of a thumbnail, in pixels
PREVIEW_TYPE = "image/jpeg"
MAX_PIXELS = 50_000_000  # larger images are refused (decompression bombs)
# An upload this close to its expiry is refused: the sweep must never take a fresh post's file.
EXPIRY_GRACE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class UploadSlot:
    """A new attachment id and the presigned PUT that stores its bytes."""

    attachment_id: str
    upload: SignedRequest


def request_upload(
    store: AttachmentStore, caller: Caller, *, name: str, size: int, content_type: str
) -> UploadSlot:
    """A fresh attachment id and an upload URL for exactly the declared bytes."""
    attachment_id = store.new_id(caller.employee_id)
    key = upload_key(caller.employee_id, attachment_id)
    upload = store.upload_url(key, content_type=content_type, size=size, name=name)
    return UploadSlot(attachment_id, upload)


async def take(
    store: AttachmentStore | None,
    caller: Caller,
    ids: Sequence[str],
    kept: Sequence[Attachment] = (),
    *,
    post_id: str,
    now: datetime,
) -> tuple[Attachment, ...]:
    """The post's attachments in the order given: those it holds already, the rest verified."""
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_ATTACHMENTS:
        raise TooManyAttachments()
    held = {a.attachment_id: a for a in kept}
    new = [i for i in wanted if i not in held]
    if new and store is None:
        raise AttachmentRejected("Attachments are not available.")
    verified = [await verify(store, caller, i, post_id, now=now) for i in new] if store else []
    found = held | {a.attachment_id: a for a in verified}
    return tuple(found[i] for i in wanted)


async def verify(
    store: AttachmentStore, caller: Caller, attachment_id: str, post_id: str, *, now: datetime
) -> Attachment:
    """Check the caller's upload from what is stored; delete it when it is not acceptable."""
    key = upload_key(caller.employee_id, attachment_id)
    stored = await store.stat(key) if store.issued(caller.employee_id, attachment_id) else None
    if stored is None:
        raise AttachmentRejected(f"Attachment {attachment_id} was not uploaded.")
    if stored.metadata.get("post", post_id) != post_id:  # kept: it is another post's file
        raise AttachmentRejected(f"Attachment {attachment_id} belongs to another post.")
    try:
        if stored.modified is not None and stored.modified < now - store.expiry + EXPIRY_GRACE:
            raise AttachmentRejected(f"The upload of {attachment_id} has expired.")
        declared = int(stored.metadata.get("size", "-1"))
        head = await store.read(key, SNIFF_BYTES)
        detected = check_upload(stored.content_type, declared, stored.size, head)
        preview = await _preview(store, key, attachment_id) if detected in IMAGES else False
    except AttachmentRejected:
        await store.delete(key, preview_key(attachment_id))
        raise
    name = stored.metadata.get("name", "")[:255]
    return Attachment(
        attachment_id=attachment_id,
        name=name,
        content_type=detected,
        size=stored.size,
        preview=preview,
    )


async def _preview(store: AttachmentStore, key: str, attachment_id: str) -> bool:
    """Store a thumbnail beside the image; an image that does not decode is rejected."""
    data = await store.read(key)
    thumbnail = await asyncio.to_thread(thumbnail_of, data)
    await store.put(preview_key(attachment_id), thumbnail, PREVIEW_TYPE)
    return True


def thumbnail_of(data: bytes) -> bytes:
    """A JPEG of at most PREVIEW_SIZE of an image; AttachmentRejected when it is no image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise AttachmentRejected("The image has too many pixels.")
            image.thumbnail(PREVIEW_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise AttachmentRejected("The image could not be read.") from exc


async def claim(
    store: AttachmentStore | None, author_id: str, post_id: str, files: Sequence[Attachment]
) -> None:
    """Record on each stored file the post that holds it: no other post may take it."""
    for item in files if store else ():
        assert store is not None
        key = upload_key(author_id, item.attachment_id)
        stored = await store.stat(key)
        if stored is not None and stored.metadata.get("post") != post_id:
            await store.mark(key, stored, post=post_id)


async def remove(store: AttachmentStore, author_id: str, ids: Sequence[str]) -> None:
    """Delete attachments' files and previews (idempotent)."""
    for attachment_id in ids:
        await store.delete(upload_key(author_id, attachment_id), preview_key(attachment_id))
