"""Demo posts, comments and reactions in the demo groups, through the feed service's API.

Runs right after the group seed: the feed learns groups and memberships from the group
topic, so a write the feed refuses for now (403/404: its replica is not there yet) is
retried for a while. Idempotency keys make a rerun add nothing.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from servicekit.auth import mint_token

POSTS = (
    "Kick-off notes from today are in the wiki. Questions welcome! #kickoff",
    "Who is joining the #meetup on Thursday? Snacks are on us.",
    "Lessons learned from our last release: smaller batches, faster feedback. #retro",
    "Looking for volunteers to review the onboarding guide #onboarding",
)
COMMENTS = ("Count me in!", "Great summary, thanks.", "Can we record it for other time zones?")
REACTIONS = ("like", "celebrate", "support", "insightful", "curious")
PATIENCE_S = 120.0  # a busy machine may take a while to replicate the demo people


@dataclass(frozen=True, slots=True)
class FeedSeedResult:
    """What the feed seed created."""

    posts: int
    comments: int
    reactions: int


class _Writer:
    """Writes as a given employee, retried while the feed's replicas catch up."""

    def __init__(self, client: httpx.AsyncClient, private_key_pem: str) -> None:
        self.client, self.key = client, private_key_pem

    async def send(self, method: str, url: str, who: str, body: Any, key: str | None) -> Any:
        headers = {"Authorization": f"Bearer {mint_token(self.key, sub=who)}"}
        if key:
            headers["Idempotency-Key"] = key
        deadline = time.monotonic() + PATIENCE_S
        while True:
            try:
                answer = await self.client.request(method, url, json=body, headers=headers)
            except httpx.TransportError:  # a service still starting or briefly overloaded
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
                continue
            if answer.status_code not in (403, 404) or time.monotonic() > deadline:
                answer.raise_for_status()
                return answer.json()
            await asyncio.sleep(0.5)


async def _memberships(
    group_url: str, employee_ids: Sequence[str], key: str
) -> dict[str, list[str]]:
    """Group id -> members, read from the group service (a sample of employees)."""
    members: dict[str, list[str]] = {}
    async with httpx.AsyncClient(base_url=group_url, timeout=30.0) as client:
        for employee_id in employee_ids:
            headers = {"Authorization": f"Bearer {mint_token(key, sub=employee_id)}"}
            page = await client.get("/v1/me/groups", headers=headers, params={"limit": 100})
            page.raise_for_status()
            for group in page.json()["items"]:
                members.setdefault(group["id"], []).append(employee_id)
    return members


async def seed_feed(
    group_url: str,
    feed_url: str,
    employee_ids: Sequence[str],
    *,
    private_key_pem: str,
    seed: int = 7,
) -> FeedSeedResult:
    """A post in each demo group with comments and reactions, and a few profile posts."""
    rng = random.Random(seed)
    groups = await _memberships(group_url, employee_ids, private_key_pem)
    posts = comments = reactions = 0
    async with httpx.AsyncClient(base_url=feed_url, timeout=30.0) as client:
        writer = _Writer(client, private_key_pem)
        places: list[tuple[str | None, list[str]]] = [(g, m) for g, m in sorted(groups.items())]
        for author in rng.sample(list(employee_ids), k=min(3, len(employee_ids))):
            readers = rng.sample(list(employee_ids), k=min(6, len(employee_ids)))
            places.append((None, [author, *(r for r in readers if r != author)]))  # profiles
        for index, (group_id, members) in enumerate(places):
            author = members[0]
            body = {"text": POSTS[index % len(POSTS)]}
            if group_id is not None:
                body["group_id"] = group_id
            post = await writer.send("POST", "/v1/posts", author, body, f"demo-post-{index}")
            posts += 1
            others = [m for m in members if m != author] or [author]
            for n, who in enumerate(others[:2]):
                text = {"text": rng.choice(COMMENTS)}
                url = f"/v1/posts/{post['id']}/comments"
                await writer.send("POST", url, who, text, f"demo-comment-{index}-{n}")
                comments += 1
            for who in others[:5]:
                url = f"/v1/posts/{post['id']}/reactions/me"
                await writer.send("PUT", url, who, {"type": rng.choice(REACTIONS)}, None)
                reactions += 1
    return FeedSeedResult(posts, comments, reactions)
