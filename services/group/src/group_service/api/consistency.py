"""Read-your-writes for this service's queries, without an existence oracle.

servicekit's ``consistent`` waits for any token and answers 503 when it never
gets applied, so a token naming a secret group's stream would tell an outsider
whether that group exists (quick answer) or not (503 after the wait). Here a
token only waits when the event store really holds that write; any other token
is ignored, and the query answers as it would without it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from servicekit.eventstore import EventStore
from servicekit.http.consistency import HEADER, consistent, parse_token
from servicekit.projection import Projection


def consistent_reads(*projections: Projection) -> Callable[[Request], Awaitable[None]]:
    """A dependency honouring ``Consistency-Token`` for tokens of real writes only."""
    wait = consistent(*projections)

    async def dependency(request: Request) -> None:
        header = request.headers.get(HEADER)
        if not header:
            return
        subject, version = parse_token(header)
        store: EventStore = request.app.state.runtime.store
        if await store.version(subject) >= version:
            await wait(request)

    return dependency
