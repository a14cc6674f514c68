"""Opaque cursors: base64url of a JSON list of the last item's sort values."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

MAX_CURSOR_LENGTH = 600


class BadCursor(ValueError):
    """The cursor was not issued by this service."""


def encode_cursor(values: list[Any]) -> str:
    """A cursor continuing after an item with these sort values."""
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The sort values of a cursor; BadCursor when it is not one of ours."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadCursor("cursor too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise BadCursor("malformed cursor") from exc
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BadCursor("malformed cursor")
    return values


def cursor_for(key: str | None) -> str | None:
    """The cursor continuing after sort key ``key`` (None: no further page)."""
    return encode_cursor([key]) if key is not None else None


def cursor_after(cursor: str | None) -> str | None:
    """The sort key a cursor made by ``cursor_for`` continues after."""
    if cursor is None:
        return None
    values = decode_cursor(cursor)
    if len(values) != 1:
        raise BadCursor("malformed cursor")
    return str(values[0])
