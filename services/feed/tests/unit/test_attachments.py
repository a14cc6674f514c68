"""Content types come from a file's first bytes; declarations must agree with them."""

from __future__ import annotations

from typing import get_args

import pytest
from feed_service.api.attachments import DeclaredType
from feed_service.domain.attachments import DECLARED_TYPES, check_upload, detect
from feed_service.domain.errors import AttachmentRejected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0..JFIF", "image/jpeg"),
        (b"GIF89a...", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"PK\x03\x04\x14\x00", "application/zip"),
        ("Grüße aus München\n".encode(), "text/plain"),
        (b"<!DOCTYPE html><html>", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"\x7fELF\x02\x01\x01", None),
        (b"", None),
    ],
)
def test_detects_types_from_content(head: bytes, expected: str | None) -> None:
    assert detect(head) == expected


def test_text_cut_inside_a_character_is_still_text() -> None:
    assert detect("abc ü".encode()[:-1]) == "text/plain"


def test_a_declaration_must_match_the_content() -> None:
    assert check_upload("image/png", 12, 12, b"\x89PNG\r\n\x1a\n....") == "image/png"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert check_upload(docx, 6, 6, b"PK\x03\x04..") == "application/zip"
    with pytest.raises(AttachmentRejected):
        check_upload("image/png", 10, 10, b"<html>....")
    with pytest.raises(AttachmentRejected):
        check_upload("text/plain", 10, 10, b"%PDF-1.7..")
    with pytest.raises(AttachmentRejected):
        check_upload("text/plain", 10, 11, b"hello text")
    with pytest.raises(AttachmentRejected):
        check_upload("application/pdf", 26 * 2**20, 26 * 2**20, b"%PDF-1.7")


def test_the_api_declares_exactly_the_domain_types() -> None:
    assert set(get_args(DeclaredType)) == DECLARED_TYPES
