"""Compare what the read APIs show with what the load client was acknowledged.

Read through the public API only: the directory, each group's detail and its member
list (paged), and every member's ``/v1/me/groups`` (paged).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from collabctl.faults.ledger import Ledger
from collabctl.faults.tokens import Tokens

PAGE = 20  # small pages, so paging itself is checked too


@dataclass
class Views:
    """What the read APIs showed, as lists (so a double entry stays visible)."""

    directory: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # group -> member_count (detail)
    members: dict[str, list[str]] = field(default_factory=dict)  # group -> listed members
    my_groups: dict[str, list[str]] = field(default_factory=dict)  # employee -> listed groups


@dataclass(frozen=True)
class Findings:
    """Acknowledged writes not visible, double effects and members nobody asked for."""

    lost: list[str]
    duplicated: list[str]
    phantom: list[str]

    @property
    def clean(self) -> bool:
        """Nothing lost, nothing doubled, nothing made up."""
        return not (self.lost or self.duplicated or self.phantom)


async def read_views(http: httpx.AsyncClient, ledger: Ledger, tokens: Tokens) -> Views:
    """Read every view the checks need (raises on an unexpected HTTP error)."""
    views, viewer = Views(), tokens.auth("fault-checker")
    views.directory = [g["id"] async for g in _pages(http, "/v1/groups", viewer)]
    for group_id, owner in ledger.groups.items():
        detail = await http.get(f"/v1/groups/{group_id}", headers=tokens.auth(owner))
        if detail.status_code == 404:
            continue  # not projected (yet): reported as lost
        detail.raise_for_status()
        views.counts[group_id] = int(detail.json()["member_count"])
        path = f"/v1/groups/{group_id}/members"
        views.members[group_id] = [m["employee_id"] async for m in _pages(http, path, viewer)]
    for employee_id in ledger.memberships_of():
        mine = _pages(http, "/v1/me/groups", tokens.auth(employee_id))
        views.my_groups[employee_id] = [g["id"] async for g in mine]
    return views


def judge(ledger: Ledger, views: Views) -> Findings:
    """Lost acknowledged writes, double effects and phantom members in ``views``."""
    lost = [f"{a.kind} {a.group_id}/{a.employee_id}" for a in ledger.acks if not _visible(a, views)]
    duplicated = _doubles("directory", views.directory)
    phantom: list[str] = []
    for group_id, listed in views.members.items():
        duplicated += _doubles(f"members of {group_id}", listed)
        if views.counts[group_id] != len(listed):
            duplicated.append(
                f"{group_id}: member_count {views.counts[group_id]}, {len(listed)} listed"
            )
        if group_id in ledger.groups:
            phantom += [
                f"{e} in {group_id}" for e in set(listed) - ledger.allowed_members(group_id)
            ]
    for employee_id, listed in views.my_groups.items():
        duplicated += _doubles(f"groups of {employee_id}", listed)
    return Findings(sorted(set(lost)), sorted(duplicated), sorted(phantom))


def _visible(ack: Any, views: Views) -> bool:
    group_id, employee_id = ack.group_id, ack.employee_id
    return (
        group_id in views.directory
        and employee_id in views.members.get(group_id, ())
        and group_id in views.my_groups.get(employee_id, ())
    )


def _doubles(where: str, listed: list[str]) -> list[str]:
    return [f"{item} {n}x in {where}" for item, n in Counter(listed).items() if n > 1]


async def _pages(
    http: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> AsyncIterator[dict[str, Any]]:
    """Every item of a paged list, following ``next_cursor``."""
    params: dict[str, Any] = {"limit": PAGE}
    while True:
        page = await http.get(path, params=params, headers=headers)
        page.raise_for_status()
        body = page.json()
        for item in body["items"]:
            yield item
        if not body["next_cursor"]:
            return
        params = {"limit": PAGE, "cursor": body["next_cursor"]}
