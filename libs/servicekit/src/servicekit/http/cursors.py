"""Opaque list cursors: the sort key of a page's last item, base64url-encoded.

Lists answer ``next_cursor``; the client sends it back as ``cursor``. A cursor
this service did not issue is a 400 problem of type ``invalid-cursor``.
"""

from __future__ import annotations

import base64
import binascii

MAX_CURSOR_LENGTH = 600


class InvalidCursor(ValueError):
    """The cursor was not produced by this service."""


def encode_cursor(key: str) -> str:
    """The opaque cursor for continuing after ``key``."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def next_cursor(key: str | None) -> str | None:
    """The cursor of the next page, or None when there is none."""
    return encode_cursor(key) if key is not None else None


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
