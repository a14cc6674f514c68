"""bulkId references (RFC 7644 §3.7.2): ``"bulkId:<bulkId>"`` in an operation's data or path.

A string value that is a reference, or a URI ending in one (a ``$ref``), stands for
the id of the resource the request's POST with that ``bulkId`` created; an operation
runs only once every resource it refers to exists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_REFERENCE = re.compile(r"^(.*/)?bulkId:([^/]+)/?$", re.DOTALL)


def references(path: str, data: Any) -> frozenset[str]:
    """The bulkIds an operation's path and data refer to."""
    return frozenset(_found(path)) | frozenset(_found(data))


def resolved(value: Any, ids: Mapping[str, str]) -> Any:
    """``value`` with every reference replaced by the id it stands for (all must be known)."""
    if isinstance(value, str):
        match = _REFERENCE.match(value)
        return f"{match.group(1) or ''}{ids[match.group(2)]}" if match else value
    if isinstance(value, dict):
        return {key: resolved(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [resolved(item, ids) for item in value]
    return value


def _found(value: Any) -> list[str]:
    if isinstance(value, str):
        match = _REFERENCE.match(value)
        return [match.group(2)] if match else []
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _found(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _found(item)]
    return []
