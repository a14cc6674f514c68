"""Employees for the load: provisioned over SCIM with a provisioner token, like an IdP."""

from __future__ import annotations

import asyncio

import httpx

from collabctl.faults.tokens import Tokens
from collabctl.seed.client import Seeder
from collabctl.seed.organisation import organisation

CONCURRENCY = 8


async def provision(profile_url: str, employees: int, tokens: Tokens) -> list[str]:
    """Register ``employees`` people of the demo organisation; returns their ids."""
    async with httpx.AsyncClient(base_url=profile_url, timeout=30.0) as http:
        seeder = Seeder(http, tokens.key, CONCURRENCY)
        people = organisation(employees, seed=11)
        return list(await asyncio.gather(*(seeder.register(p, None) for p in people)))
