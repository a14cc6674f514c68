"""Demo groups, created and joined through the group service's own API."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from servicekit.auth import mint_token

# (name, language, tags, visibility, join policy): a spread of every combination users meet.
GROUPS: tuple[tuple[str, str, list[str], str, str], ...] = (
    ("Python Guild", "en", ["python", "engineering"], "public", "open"),
    ("Berlin Office", "de", ["berlin", "office"], "public", "open"),
    ("Coffee Lovers", "en", ["social"], "public", "open"),
    ("Cloud Platform", "en", ["cloud", "engineering"], "public", "request"),
    ("Équipe Ventes France", "fr", ["sales", "france"], "private", "request"),
    ("Product Council", "en", ["product"], "private", "invite"),
    ("Mentoring Circle", "en", ["mentoring", "career"], "public", "request"),
    ("Leadership Offsite 2027", "en", ["leadership"], "secret", "invite"),
    ("Running Club", "es", ["sport", "running"], "public", "open"),
    ("Accessibility Champions", "en", ["a11y", "design"], "public", "open"),
)


@dataclass(frozen=True, slots=True)
class GroupSeedResult:
    """How many groups and memberships the seed created."""

    groups: int
    joins: int


async def seed_groups(
    base_url: str, employee_ids: Sequence[str], *, private_key_pem: str, seed: int = 7
) -> GroupSeedResult:
    """Create the demo groups (random owners) and let colleagues join the open ones."""
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base_url, timeout=30.0) as client:

        def auth(sub: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {mint_token(private_key_pem, sub=sub)}"}

        joins = 0
        for index, (name, language, tags, visibility, policy) in enumerate(GROUPS):
            owner = rng.choice(employee_ids)
            body = {
                "name": name,
                "language": language,
                "tags": tags,
                "visibility": visibility,
                "join_policy": policy,
            }
            created = await client.post(
                "/v1/groups",
                json=body,
                headers={**auth(owner), "Idempotency-Key": f"demo-group-{index}"},
            )
            created.raise_for_status()
            group_id = created.json()["id"]
            members = rng.sample(list(employee_ids), k=min(len(employee_ids), rng.randint(3, 25)))
            answers = await asyncio.gather(
                *(
                    client.put(f"/v1/groups/{group_id}/members/me", headers=auth(m))
                    for m in members
                    if m != owner and policy != "invite"
                )
            )
            joins += sum(1 for a in answers if a.status_code in (200, 202))
    return GroupSeedResult(len(GROUPS), joins)
