"""PATCH paths (RFC 7644 §3.5.2, §3.10) in the one form the patch module compares.

``schema.PATH`` is the grammar, stated in the OpenAPI document and checked here, so a
path the document admits is never refused: attribute names of ASCII letters, digits,
``$``, ``_`` and ``-``, each with an optional value filter (not evaluated), joined by
dots, after an optional User schema URN (alone, the core URN names the resource, as an
absent path does; an empty path names nothing).
"""

from __future__ import annotations

import re

from profile_service.api.scim import codes
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.grammar import PATH
from profile_service.api.scim.urns import CORE_USER, ENTERPRISE_USER

_FILTER = re.compile(r"\[[^\]]*\]")
_PATH = re.compile(PATH)


def normalise_path(path: str) -> str:
    """An operation's ``path`` as ``attribute_path`` has it; 400 invalidPath when it is none."""
    normal = attribute_path(path)
    if normal is None:
        raise ScimError(codes.INVALID_PATH, f"malformed path {path!r}")
    return normal


def attribute_path(name: str) -> str | None:
    """Lower case, value filters dropped, schema URNs shortened to ``enterprise.``.

    None when ``name`` is in no attribute notation (``schema.PATH``): as a key of a value
    object it names no attribute the service keeps, and is ignored like those.
    """
    if not _PATH.match(name):
        return None
    lowered = _FILTER.sub("", name.strip()).lower()
    for urn, short in ((ENTERPRISE_USER.lower(), "enterprise"), (CORE_USER.lower(), "")):
        if lowered == urn:
            return short
        if lowered.startswith(urn + ":"):
            return f"{short}.{lowered[len(urn) + 1 :]}".lstrip(".")
    return lowered
