"""Attachments as a reader sees them: views with preview URLs, and signed download URLs.

URLs are signed only here, after the reader's access to the post was checked.
"""

from __future__ import annotations

from typing import Any

from feed_service.domain.errors import AttachmentNotFound
from feed_service.queries.views import AttachmentDownload, AttachmentView
from feed_service.storage import AttachmentStore, preview_key, upload_key

Doc = dict[str, Any]


def _preview_url(files: AttachmentStore | None, item: Doc) -> str | None:
    if files is None or not item.get("preview"):
        return None
    key = preview_key(item["attachment_id"])
    return files.download_url(key, name=f"{item['name']}.jpg", content_type="image/jpeg").url


def attachment_views(post: Doc, files: AttachmentStore | None) -> list[AttachmentView]:
    """The post's attachments, images with a signed preview URL (the reader may read it)."""
    return [
        AttachmentView(
            id=item["attachment_id"],
            name=item.get("name", ""),
            content_type=item["content_type"],
            size=item["size"],
            preview_url=_preview_url(files, item),
        )
        for item in post.get("attachments", [])
    ]


def version_attachments(
    version: Doc, post: Doc, files: AttachmentStore | None
) -> list[AttachmentView]:
    """The attachments of one version of a post; previews only of files the post still holds.

    Files that a later edit dropped are deleted by the upload sweep: their metadata stays in
    the history, but no URL to a missing object is handed out.
    """
    held = {item["attachment_id"] for item in post.get("attachments", [])}
    views = attachment_views(version, files)
    return [v if v.id in held else v.model_copy(update={"preview_url": None}) for v in views]


def download(post: Doc, attachment_id: str, files: AttachmentStore | None) -> AttachmentDownload:
    """A signed URL of one attachment of a readable post; AttachmentNotFound otherwise."""
    item = next(
        (a for a in post.get("attachments", []) if a["attachment_id"] == attachment_id), None
    )
    if item is None or files is None:
        raise AttachmentNotFound()
    key = upload_key(post["author_id"], attachment_id)
    signed = files.download_url(
        key, name=item.get("name") or attachment_id, content_type=item["content_type"]
    )
    return AttachmentDownload(
        id=attachment_id,
        post_id=post["_id"],
        name=item.get("name", ""),
        content_type=item["content_type"],
        size=item["size"],
        url=signed.url,
        preview_url=_preview_url(files, item),
        expires_at=signed.expires_at,
    )
