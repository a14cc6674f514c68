"""Facts about the demo organisation the journeys need, read from the services' APIs with the
stack's development key (never through the gateway: that is what the journeys test)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from servicekit.auth import mint_token

SAMPLE = 40  # the first demo employees; the seed's polls come from the same sample


@dataclass(frozen=True)
class Employee:
    """A demo employee: id and the userName they sign in with."""

    employee_id: str
    user_name: str


@dataclass(frozen=True)
class GroupPair:
    """Two demo employees who are both active members of one group (replicated long ago)."""

    group_id: str
    first: Employee
    second: Employee


def _headers(home: Path, sub: str, roles: tuple[str, ...] = ()) -> dict[str, str]:
    key = (home / ".local" / "keys" / "dev-private.pem").read_text()
    return {"Authorization": f"Bearer {mint_token(key, sub=sub, roles=list(roles))}"}


def demo_employees(home: Path, profile_url: str) -> list[Employee]:
    """The first ``SAMPLE`` employees by SCIM."""
    headers = _headers(home, "browser-tests", ("provisioner",))
    params = {"startIndex": 1, "count": SAMPLE}
    answer = httpx.get(f"{profile_url}/scim/v2/Users", params=params, headers=headers, timeout=30)
    answer.raise_for_status()
    return [Employee(u["id"], u["userName"]) for u in answer.json()["Resources"] if u["active"]]


def group_pair(home: Path, services: dict[str, str]) -> GroupPair:
    """The group with the most sampled members, and two of them."""
    members: dict[str, list[Employee]] = {}
    with httpx.Client(base_url=services["group"], timeout=30) as client:
        for employee in demo_employees(home, services["profile"]):
            headers = _headers(home, employee.employee_id)
            page = client.get("/v1/me/groups", params={"limit": 100}, headers=headers)
            page.raise_for_status()
            for group in page.json()["items"]:
                if not group["archived"]:
                    members.setdefault(group["id"], []).append(employee)
    group_id = max(members, key=lambda g: len(members[g]))
    if len(members[group_id]) < 2:
        raise AssertionError("the demo seed has no group with two sampled members")
    first, second = members[group_id][:2]
    return GroupPair(group_id, first, second)


def with_pending_must_read(home: Path, news_url: str, candidates: list[Employee]) -> Employee:
    """The first of ``candidates`` who still has a must-read to acknowledge."""
    for employee in candidates:
        headers = _headers(home, employee.employee_id)
        params = {"pending": "true", "limit": 10}
        answer = httpx.get(f"{news_url}/v1/news", params=params, headers=headers, timeout=30)
        answer.raise_for_status()
        if answer.json()["items"]:
            return employee
    raise AssertionError("no demo employee has a must-read left to acknowledge")
