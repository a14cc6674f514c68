"""Opaque list cursors: the last key of a page, base64url-encoded."""

from __future__ import annotations

import base64
import binascii

MAX_CURSOR_LENGTH = 600


class InvalidCursor(ValueError):
    """The cursor was not produced by this service."""


def encode_cursor(key: str) -> str:
    """The opaque cursor for continuing after ``key``."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """The key a cursor continues after (None for the first page)."""
    if not cursor:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor(cursor[:20])
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor[:20]) from None
    if not key:
        raise InvalidCursor(cursor[:20])
    return key
