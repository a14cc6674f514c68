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
from typing import Annotated

from fastapi import Header, Request

from servicekit.http.openapi import TOKEN_PATTERN, answers
from servicekit.http.problems import MALFORMED_TOKEN, NOT_YET_CONSISTENT
from servicekit.http.security import CurrentPrincipal
from servicekit.projection import Projection, ReadModels

HEADER = "Consistency-Token"
MAX_TOKEN_LENGTH = 500
_DIGITS = frozenset("0123456789")

TokenHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        description="A command's Consistency-Token: wait until this read includes that write.",
        json_schema_extra={"pattern": TOKEN_PATTERN, "maxLength": MAX_TOKEN_LENGTH},
    ),
]


def make_token(subject: str, version: int) -> str:
    """The token for a stream at a version."""
    return f"{subject}@{version}"


def parse_token(value: str) -> tuple[str, int]:
    """(subject, version) of a token; 400 problem when malformed."""
    subject, sep, version = value.rpartition("@")
    digits = bool(version) and set(version) <= _DIGITS  # ASCII only: str.isdigit takes "²"
    if not sep or not subject or not digits or len(value) > MAX_TOKEN_LENGTH:
        raise MALFORMED_TOKEN.problem("Expected '<subject>@<streamversion>'.")
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


def consistent(*projections: Projection) -> Callable[..., Awaitable[None]]:
    """A dependency: honour ``Consistency-Token`` for reads served by ``projections``."""

    @answers(MALFORMED_TOKEN, NOT_YET_CONSISTENT)
    async def dependency(
        request: Request, caller: CurrentPrincipal, token: TokenHeader = None
    ) -> None:
        # ``caller``: authentication is answered (401) before the header is looked at.
        if token is None:
            return
        subject, version = parse_token(token)
        runtime = request.app.state.runtime
        if version == 0 or await runtime.store.version(subject) < version:
            return  # before any write, or not a write of this service: no oracle, no wait
        timeout = runtime.settings.consistency_wait_s
        for projection in projections:
            if not await wait_for(runtime.models, projection, subject, version, timeout):
                raise NOT_YET_CONSISTENT.problem(
                    f"{projection.name} has not applied {token} yet.",
                    headers={"Retry-After": "1"},
                )

    return dependency
