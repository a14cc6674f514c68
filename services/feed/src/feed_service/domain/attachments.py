"""Attachments: limits, and the content type told by a file's first bytes (never its name).

Pure: the storage adapter hands in the stored object's size and leading bytes.
"""

from __future__ import annotations

from collab_events.feed import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS

from feed_service.domain.errors import AttachmentRejected

__all__ = ["MAX_ATTACHMENTS", "MAX_ATTACHMENT_BYTES", "SNIFF_BYTES", "check_upload", "detect"]

SNIFF_BYTES = 512  # leading bytes read to tell the type
IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
# The types a declaration may name for each detected type (Office documents are zip files).
DECLARABLE: dict[str, frozenset[str]] = {
    "image/png": frozenset({"image/png"}),
    "image/jpeg": frozenset({"image/jpeg"}),
    "image/gif": frozenset({"image/gif"}),
    "image/webp": frozenset({"image/webp"}),
    "application/pdf": frozenset({"application/pdf"}),
    "application/zip": frozenset(
        {
            "application/zip",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.spreadsheet",
        }
    ),
    "text/plain": frozenset({"text/plain", "text/csv", "text/markdown"}),
}
DECLARED_TYPES = frozenset(t for types in DECLARABLE.values() for t in types)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
)
# Markup a browser might render as a page: never accepted as plain text.
_ACTIVE_TEXT = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def detect(head: bytes) -> str | None:
    """The content type of a file starting with ``head``, or None when not an allowed type."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "text/plain" if _plain_text(head) else None


def _plain_text(head: bytes) -> bool:
    """UTF-8 text without control bytes or markup (its cut-off last character allowed)."""
    if not head or b"\x00" in head:
        return False
    if any(marker in head.lower() for marker in _ACTIVE_TEXT):
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\r\n\f" for ch in text)


def check_upload(declared_type: str, declared_size: int, size: int, head: bytes) -> str:
    """The detected type of a stored upload; AttachmentRejected when it is not what was said."""
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected("The file is larger than 25 MB.")
    if size != declared_size:
        raise AttachmentRejected("The stored file's size is not the declared size.")
    detected = detect(head)
    if detected is None or declared_type not in DECLARABLE[detected]:
        raise AttachmentRejected("The file's content is not of the declared type.")
    return detected
