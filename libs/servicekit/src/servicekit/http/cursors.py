"""Opaque list cursors: the sort key of a page's last item, base64url-encoded (no padding).

Lists answer ``next_cursor``; the client sends it back as ``cursor``. A cursor that
is not base64url is a 400 problem of type ``invalid-cursor``; the documented pattern
admits exactly the strings that decode, and one that decodes continues after the key
it names (keys are compared, never interpreted, so any key is harmless).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated

from fastapi import Depends, Query

from servicekit.http.openapi import answers
from servicekit.http.problems import INVALID_CURSOR
from servicekit.http.security import CurrentPrincipal

MAX_CURSOR_LENGTH = 600
# Groups of 4 characters, then 0, 2 or 3 more: every base64 length that decodes.
CURSOR_PATTERN = r"^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$"
_CURSOR = re.compile(CURSOR_PATTERN)


class InvalidCursor(ValueError):
    """The cursor is not base64url of a key."""


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
    if len(cursor) > MAX_CURSOR_LENGTH or not _CURSOR.fullmatch(cursor):
        raise InvalidCursor(cursor[:20])
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise InvalidCursor(cursor[:20]) from None
    # Bytes that are not UTF-8 were not written by us; as a key they are merely unusual.
    return raw.decode("utf-8", errors="replace")


@answers(INVALID_CURSOR)
async def page_cursor(
    caller: CurrentPrincipal,  # authentication is answered (401) before the cursor
    cursor: Annotated[
        str | None,
        Query(
            description="The next_cursor of the previous page.",
            json_schema_extra={"pattern": CURSOR_PATTERN, "maxLength": MAX_CURSOR_LENGTH},
        ),
    ] = None,
) -> str | None:
    """The ``cursor`` query parameter of a list, refused with 400 unless it decodes."""
    decode_cursor(cursor)
    return cursor


Cursor = Annotated[str | None, Depends(page_cursor)]
