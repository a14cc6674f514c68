"""Demo polls through the polling service's API: one of each kind in the demo groups and a
secret personnel vote for an audience, with a few ballots in the open ones.

Runs after the group seed: the polling service learns groups and memberships from the
group topic, so a write it refuses for now (403/404: its replica is not there yet) is
retried for a while. Idempotency keys make a rerun create nothing new.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from servicekit.auth import mint_token

PATIENCE_S = 120.0  # a busy machine may take a while to replicate the demo people
OPTIONS = [{"label": "Lisbon"}, {"label": "Oslo"}, {"label": "Kraków"}, {"label": "Remote"}]
KINDS: list[dict[str, Any]] = [
    {"question": "Where do we hold the offsite?", "kind": "single", "abstain": True},
    {"question": "Which two topics for the next guild day?", "kind": "multiple", "max_choices": 2},
    {"question": "Rank the roadmap candidates", "kind": "ranked", "results_visibility": "always"},
    {"question": "Rate the offsite venues", "kind": "rating", "results_visibility": "after_vote"},
]
BALLOTS: dict[str, dict[str, Any]] = {
    "single": {"choice": ["o1"]},
    "multiple": {"choice": ["o1", "o3"]},
    "ranked": {"ranking": ["o2", "o1"]},
    "rating": {"ratings": {"o1": 4, "o2": 5}},
}


@dataclass(frozen=True, slots=True)
class PollSeedResult:
    """What the poll seed created."""

    polls: int
    ballots: int


async def _send(
    client: httpx.AsyncClient, key: str, method: str, url: str, who: str, body: Any, **kw: Any
) -> Any:
    headers = {"Authorization": f"Bearer {mint_token(key, sub=who, roles=kw.get('roles', ()))}"}
    if kw.get("idempotency"):
        headers["Idempotency-Key"] = kw["idempotency"]
    deadline = time.monotonic() + kw.get("patience", PATIENCE_S)
    while True:
        try:
            answer = await client.request(method, url, json=body, headers=headers)
        except httpx.TransportError:  # a service still starting or briefly overloaded
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)
            continue
        if answer.status_code not in (403, 404) or time.monotonic() > deadline:
            answer.raise_for_status()
            return answer.json()
        await asyncio.sleep(0.5)


async def _a_group(group_url: str, employee_ids: Sequence[str], key: str) -> tuple[str, list[str]]:
    """A demo group and the sampled employees who are its members."""
    members: dict[str, list[str]] = {}
    async with httpx.AsyncClient(base_url=group_url, timeout=30.0) as client:
        for employee_id in employee_ids:
            headers = {"Authorization": f"Bearer {mint_token(key, sub=employee_id)}"}
            page = await client.get("/v1/me/groups", headers=headers, params={"limit": 100})
            page.raise_for_status()
            for group in page.json()["items"]:
                members.setdefault(group["id"], []).append(employee_id)
    group_id = max(members, key=lambda g: len(members[g]))
    return group_id, members[group_id]


async def seed_polls(
    group_url: str, polling_url: str, employee_ids: Sequence[str], *, private_key_pem: str
) -> PollSeedResult:
    """Create the demo polls; a rerun with the same organisation creates none."""
    group_id, members = await _a_group(group_url, employee_ids[:40], private_key_pem)
    closes = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    polls = ballots = 0
    async with httpx.AsyncClient(base_url=polling_url, timeout=30.0) as client:
        for spec in KINDS:
            body = {**spec, "options": OPTIONS, "group_id": group_id, "closes_at": closes}
            created = await _send(
                client, private_key_pem, "POST", "/v1/polls", members[0], body,
                idempotency=f"demo-poll-{spec['kind']}",
            )  # fmt: skip
            polls += 1
            for voter in members[1:4]:
                url = f"/v1/polls/{created['id']}/ballot"
                ballot = BALLOTS[spec["kind"]]
                try:  # a member the poll's replica did not know yet when it opened: no vote
                    await _send(client, private_key_pem, "PUT", url, voter, ballot, patience=2.0)
                except httpx.HTTPStatusError:
                    continue
                ballots += 1
        secret = {
            "question": "Who should lead the platform team?", "kind": "single", "secrecy": "secret",
            "options": [{"label": "Candidate A", "description": "Platform, 8 years"},
                        {"label": "Candidate B", "description": "Data, 5 years"}],
            "audience": {"include": {"employees": list(employee_ids[:50])}}, "closes_at": closes,
        }  # fmt: skip
        await _send(
            client, private_key_pem, "POST", "/v1/polls", employee_ids[0], secret,
            roles=("hr",), idempotency="demo-poll-secret",
        )  # fmt: skip
        polls += 1
    return PollSeedResult(polls, ballots)
