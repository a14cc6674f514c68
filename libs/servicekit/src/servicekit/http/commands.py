"""HTTP side of commands: If-Match parsing and ETag / Consistency-Token headers."""

from __future__ import annotations

from fastapi import Request, Response

from servicekit.commands import CommandResult
from servicekit.http.consistency import HEADER as CONSISTENCY_HEADER
from servicekit.http.problems import Problem


def if_match(request: Request) -> int | None:
    """The stream version named by ``If-Match`` (``"3"`` or ``W/"3"``), if sent."""
    raw = request.headers.get("if-match")
    if raw is None or raw.strip() == "*":
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise Problem(
            400,
            "Malformed If-Match",
            type_="if-match",
            detail='Send the ETag you read, e.g. If-Match: "3".',
        )
    return int(value)


def command_headers(response: Response, result: CommandResult) -> None:
    """Set ``ETag`` and ``Consistency-Token`` on a command's response."""
    response.headers["ETag"] = result.etag
    response.headers[CONSISTENCY_HEADER] = result.consistency_token
