"""The grammars of SCIM request values, as patterns: OpenAPI states them, the code checks them.

Blanks are Python's whitespace spelled out as code points (``servicekit.http.fields``),
and every other character is ASCII, so JSON Schema, pydantic and schemathesis read them
alike.
"""

from __future__ import annotations

import re

from pydantic.config import JsonDict, JsonValue
from servicekit.http.fields import BLANK

from profile_service.api.scim.urns import CORE_USER, ENTERPRISE_USER


def any_case(word: str) -> str:
    """A pattern of ``word`` in any letter case."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


_NAMES = "|".join(any_case(name) for name in ("id", "userName", "externalId"))
# The one filter grammar supported, stated for OpenAPI; the listing checks with it too.
_JSON_STRING = r'"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
FILTER = (
    f"^[{BLANK}]*((?:{any_case(CORE_USER)}:)?(?:{_NAMES}))[{BLANK}]+{any_case('eq')}"
    f"[{BLANK}]+({_JSON_STRING})[{BLANK}]*$"
)
FILTER_DOC: JsonDict = {
    "pattern": f"^$|{FILTER}",  # empty: no filter
    "description": 'id, userName or externalId eq "value"',
}


OPS = "^(?:[Aa][Dd][Dd]|[Rr][Ee][Mm][Oo][Vv][Ee]|[Rr][Ee][Pp][Ll][Aa][Cc][Ee])$"
_ADD_OR_REPLACE = "^(?:[Aa][Dd][Dd]|[Rr][Ee][Pp][Ll][Aa][Cc][Ee])$"
_REMOVE = "^[Rr][Ee][Mm][Oo][Vv][Ee]$"
# A PATCH path in attribute notation (RFC 7644 §3.5.2, §3.10): attribute names, each with
# an optional value filter, joined by dots, after an optional User schema URN; alone, a
# URN names the resource or the extension. The paths module checks paths with these.
_SEGMENT = r"[A-Za-z0-9$_-]+(?:\[[^\]]*\])?"
_CHAIN = f"{_SEGMENT}(?:\\.{_SEGMENT})*"
_URNS = f"(?:{any_case(CORE_USER)}|{any_case(ENTERPRISE_USER)})"
ATTRIBUTE_PATH = f"^[{BLANK}]*(?:{_URNS}:{_CHAIN}|{_CHAIN})[{BLANK}]*$"
URN_PATH = f"^[{BLANK}]*{_URNS}[{BLANK}]*$"
PATH = f"{ATTRIBUTE_PATH}|{URN_PATH}"


_URN_TARGET: JsonDict = {"type": "string", "pattern": URN_PATH}
_ADDS: JsonDict = {"pattern": _ADD_OR_REPLACE}


def _target(required: str, **properties: JsonValue) -> JsonDict:
    return {"required": [required], "properties": dict(properties)}


# What an operation's value is, by its target (RFC 7644 §3.5.2.1-3): any value for an
# attribute (checked as /Schemas publishes it), an object (or null) for the resource or the
# extension, an object of attributes without a path; a remove needs a path (noTarget).
PATCH_TARGETS: JsonDict = {
    "anyOf": [
        _target("path", path={"type": "string", "pattern": ATTRIBUTE_PATH}),
        _target("path", path=_URN_TARGET, op={"pattern": _REMOVE}),
        _target("path", path=_URN_TARGET, value={"type": ["object", "null"]}),
        _target(
            "value",
            path={"type": "null"},
            op={"pattern": _ADD_OR_REPLACE},
            value={"type": "object"},
        ),
    ]
}
