"""Identifiers: time-ordered UUIDv7 (RFC 9562) for events and aggregates, and the id format.

Every id a service accepts from outside (an employee id, a group id, a token's ``sub``)
has the format ``ID_PATTERN``: 1-64 ASCII letters, digits, ``.``, ``_`` or ``-``,
starting with a letter or digit. So an id is always safe in a URL path segment, in an
HTTP header (``Consistency-Token``), in a stream name (``group:<g>/member:<e>``) and in
a token (``<subject>@<version>``); UUIDs (how services create ids) are of this form.
"""

from __future__ import annotations

import os
import re
import time
import uuid

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """True when ``value`` has the id format."""
    return _ID.fullmatch(value) is not None


def uuid7() -> str:
    """Return a new UUIDv7 string: 48-bit Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    return str(uuid.UUID(int=value))
