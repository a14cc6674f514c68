"""SCIM list, filter and search (RFC 7644 §3.4.2, §3.4.3): ListResponse pages of Users.

Paging follows the RFC's leniency: ``startIndex`` below 1 counts as 1, a
negative ``count`` as 0, a ``count`` above ``MAX_COUNT`` as ``MAX_COUNT``; a
``startIndex`` past the end answers an empty page. Only ``eq`` filters on
``id``, ``userName`` and ``externalId`` are supported (``invalidFilter``
otherwise).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, cast

from profile_service.api.scim import codes
from profile_service.api.scim.attributes import Selection
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.grammar import FILTER
from profile_service.api.scim.published import MAX_RESULTS
from profile_service.api.scim.resource import scim_user
from profile_service.api.scim.urns import CORE_USER, LIST_RESPONSE
from profile_service.ports import Ports
from profile_service.queries.scim_users import Attribute, UserRow, find_users, page_users

DEFAULT_COUNT, MAX_COUNT = 100, MAX_RESULTS
_ATTRIBUTES: dict[str, Attribute] = {"username": "userName", "externalid": "externalId", "id": "id"}


_EQ = re.compile(FILTER)


@dataclass(frozen=True)
class ListQuery:
    """One list request: filter, page and which attributes to answer."""

    filter: str | None
    start_index: int
    count: int | None
    selection: Selection


def parse_filter(text: str) -> tuple[Attribute, str]:
    """(attribute, value) of ``<attribute> eq "<value>"``; 400 invalidFilter otherwise."""
    match = _EQ.match(text)
    if match is None:
        raise ScimError(
            codes.INVALID_FILTER, 'supported filters: userName, externalId or id eq "value"'
        )
    attribute = match.group(1).lower().removeprefix(CORE_USER.lower() + ":")
    return _ATTRIBUTES[attribute], cast(str, json.loads(match.group(2)))


def page_bounds(start_index: int, count: int | None) -> tuple[int, int]:
    """(1-based start, count) after the RFC's leniency."""
    count = DEFAULT_COUNT if count is None else count
    return max(start_index, 1), min(max(count, 0), MAX_COUNT)


async def list_response(
    ports: Ports, query: ListQuery, *, base: str, wait_s: float
) -> dict[str, Any]:
    """A ListResponse page of the users the query names."""
    start, count = page_bounds(query.start_index, query.count)
    if query.filter:
        attribute, value = parse_filter(query.filter)
        matches = await find_users(ports, attribute, value) if _storable(value) else []
        total, rows = len(matches), matches[start - 1 : start - 1 + count]
    else:
        total, rows = await page_users(ports, start - 1, count, wait_s)
    resources = [query.selection.apply(render(row, base)) for row in rows]
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def _storable(value: str) -> bool:
    # A filter's JSON string may escape half a surrogate pair ("\\ud800"): text that is no
    # UTF-8, which no user holds and MongoDB cannot even be asked for.
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def render(row: UserRow, base: str) -> dict[str, Any]:
    """The SCIM User of a row."""
    return scim_user(
        row.employee_id,
        row.profile,
        active=row.active,
        version=row.version,
        created=row.created,
        modified=row.modified,
        base=base,
    )
