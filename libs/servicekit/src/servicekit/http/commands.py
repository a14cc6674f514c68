"""HTTP side of commands: If-Match (RFC 9110 §13.1.1) and ETag / Consistency-Token headers.

``If-Match`` is ``*`` or a list of entity-tags. Our ETags are ``"<streamversion>"``;
tags are compared weakly (``W/"3"`` names version 3, as SCIM clients send it). A
syntactically broken field is a 400; a well-formed one that names no version (``"abc"``)
can never match, so the command answers 412 like any other stale tag. A list naming
several versions is compared with the highest of them.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Request, Response

from servicekit.commands import CommandResult
from servicekit.http.consistency import HEADER as CONSISTENCY_HEADER
from servicekit.http.openapi import answers
from servicekit.http.problems import MALFORMED_IF_MATCH, PRECONDITION_FAILED
from servicekit.http.security import CurrentPrincipal

_ETAGC = r"[\x21\x23-\x7E\x80-\xFF]"  # RFC 9110 etagc, obs-text included
_TAG = rf'(W/)?"({_ETAGC}*)"'
_LIST = rf"(,[ \t]*)*{_TAG}([ \t]*,([ \t]*{_TAG})?)*"  # 1#entity-tag, empty elements allowed
IF_MATCH_PATTERN = rf"^[ \t]*(\*|{_LIST})[ \t]*$"
_FIELD, _TAGS = re.compile(IF_MATCH_PATTERN), re.compile(_TAG)
_VERSION = re.compile(r"0|[1-9][0-9]{0,17}")
NO_VERSION = -1  # an expected version no stream is ever at: the precondition fails


def parse_if_match(raw: str | None) -> int | None:
    """The stream version ``If-Match`` requires (None: no precondition), or 400."""
    if raw is None or raw.strip(" \t") == "*":
        return None
    if not _FIELD.fullmatch(raw):
        raise MALFORMED_IF_MATCH.problem('Send the ETag you read, e.g. If-Match: "3".')
    opaque = (match.group(2) for match in _TAGS.finditer(raw))
    versions = [int(tag) for tag in opaque if _VERSION.fullmatch(tag)]
    return max(versions) if versions else NO_VERSION


def if_match(request: Request) -> int | None:
    """The stream version named by the request's ``If-Match``, if sent."""
    return parse_if_match(request.headers.get("if-match"))


@answers(MALFORMED_IF_MATCH, PRECONDITION_FAILED)
async def expected_version(
    caller: CurrentPrincipal,  # authentication is answered (401) before the header
    value: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description='The ETag you read (e.g. `"3"`): the command fails with 412 '
            "if the resource changed since.",
            json_schema_extra={"pattern": IF_MATCH_PATTERN},
        ),
    ] = None,
) -> int | None:
    """The ``If-Match`` dependency of update commands (documented, 400 when malformed)."""
    return parse_if_match(value)


ExpectedVersion = Annotated[int | None, Depends(expected_version)]


def command_headers(response: Response, result: CommandResult) -> None:
    """Set ``ETag`` and ``Consistency-Token`` on a command's response."""
    response.headers["ETag"] = result.etag
    response.headers[CONSISTENCY_HEADER] = result.consistency_token
