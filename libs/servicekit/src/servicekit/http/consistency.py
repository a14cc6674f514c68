"""Read-your-writes: wait until a projection has applied a consistency token.

A command answers ``Consistency-Token: <subject>@<streamversion>``; a query
sent with that header waits (bounded) for the read model's checkpoint, else
answers 503 with ``Retry-After``.

Only tokens of writes this service's event store holds are waited for; any
other token is ignored and the query answers as without it. Otherwise the
answer time would tell whether a hidden stream (a secret group) exists.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from fastapi import Request

from servicekit.http.problems import Problem
from servicekit.projection import Projection, ReadModels

HEADER = "Consistency-Token"
MAX_TOKEN_LENGTH = 500


def make_token(subject: str, version: int) -> str:
    """The token for a stream at a version."""
    return f"{subject}@{version}"


def parse_token(value: str) -> tuple[str, int]:
    """(subject, version) of a token; 400 problem when malformed."""
    subject, sep, version = value.rpartition("@")
    if not sep or not subject or not version.isdigit() or len(value) > MAX_TOKEN_LENGTH:
        raise Problem(
            400,
            "Malformed Consistency-Token",
            type_="consistency-token",
            detail="Expected '<subject>@<streamversion>'.",
        )
    return subject, int(version)


async def wait_for(
    models: ReadModels, projection: Projection, subject: str, version: int, timeout_s: float
) -> bool:
    """True once ``projection`` has applied ``subject`` up to ``version`` (polls)."""
    checkpoints = models[projection.checkpoint_collection]
    deadline = time.monotonic() + timeout_s
    while True:
        doc = await checkpoints.find_one({"_id": subject}, {"v": 1})
        if doc and int(doc["v"]) >= version:
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.02)


def consistent(*projections: Projection) -> Callable[[Request], Awaitable[None]]:
    """A dependency: honour ``Consistency-Token`` for reads served by ``projections``."""

    async def dependency(request: Request) -> None:
        header = request.headers.get(HEADER)
        if not header:
            return
        subject, version = parse_token(header)
        runtime = request.app.state.runtime
        if await runtime.store.version(subject) < version:
            return  # not a write of this service: no existence oracle, no wait
        timeout = runtime.settings.consistency_wait_s
        for projection in projections:
            if not await wait_for(runtime.models, projection, subject, version, timeout):
                raise Problem(
                    503,
                    "Read model not yet consistent",
                    type_="not-yet-consistent",
                    detail=f"{projection.name} has not applied {header} yet.",
                    headers={"Retry-After": "1"},
                )

    return dependency
