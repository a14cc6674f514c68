"""Routes of polls: create, read, close early, cancel."""

from __future__ import annotations

import uuid
from typing import Annotated

from collab_events import uuid7
from collab_events.polling import PollCreated, PollOption
from fastapi import APIRouter, Header, Response
from servicekit.http.commands import command_headers

from polling_service.api.deps import CurrentCaller, PollId, PortsDep, now
from polling_service.api.errors import DomainRoute, raises
from polling_service.api.models import CancelBody, NewPoll, PollCommandResult, PollView
from polling_service.domain.commands import CreatePoll
from polling_service.domain.errors import (
    GroupNotFound,
    InvalidPoll,
    NotAllowed,
    PollFinished,
    PollNotFound,
    PollNotOpen,
)
from polling_service.domain.model import Caller, format_time
from polling_service.handlers import closing, polls
from polling_service.queries.polls import poll_view, seen

IDEMPOTENCY_NAMESPACE = uuid.UUID("0b5f3a52-9c1e-4d7a-8e26-4f0d9b7c1a63")
router = APIRouter(prefix="/v1/polls", tags=["polls"], route_class=DomainRoute)


def new_poll_id(caller: Caller, idempotency_key: str | None) -> str:
    """A fresh id, or the same id for every retry with the same Idempotency-Key."""
    if idempotency_key is None:
        return uuid7()
    return str(uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{caller.employee_id}\n{idempotency_key}"))


def definition(poll_id: str, body: NewPoll, caller: Caller) -> PollCreated:
    """The creation event of a new poll (options numbered ``o1``, ``o2``, …)."""
    fields = body.model_dump(exclude={"options", "opens_at", "closes_at"})
    options = [PollOption(id=f"o{i}", **o.model_dump()) for i, o in enumerate(body.options, 1)]
    return PollCreated(
        **fields, poll_id=poll_id, owner_id=caller.employee_id, options=options,
        opens_at=None if body.opens_at is None else format_time(body.opens_at),
        closes_at=format_time(body.closes_at),
    )  # fmt: skip


@router.post("", status_code=201, responses=raises(GroupNotFound, NotAllowed, InvalidPoll))
async def create_poll(
    body: NewPoll,
    response: Response,
    caller: CurrentCaller,
    ports: PortsDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> PollCommandResult:
    """Create a poll; it opens at ``opens_at`` (or now), freezing who may vote."""
    poll_id = new_poll_id(caller, idempotency_key)
    command = CreatePoll(definition(poll_id, body, caller), caller, now())
    result = await polls.create_poll(ports, command)
    command_headers(response, result)
    response.headers["Location"] = f"/v1/polls/{poll_id}"
    return PollCommandResult(id=poll_id, version=result.version)


@router.get("/{poll_id}", responses=raises(PollNotFound))
async def get_poll(poll_id: PollId, caller: CurrentCaller, ports: PortsDep) -> PollView:
    """The poll, with whether I may vote (frozen electorate) and whether I took part."""
    return poll_view(await seen(ports, poll_id, caller))


MANAGE = raises(PollNotFound, NotAllowed, PollFinished)


@router.post("/{poll_id}/close", responses=MANAGE | raises(PollNotOpen))
async def close_poll(
    poll_id: PollId, response: Response, caller: CurrentCaller, ports: PortsDep
) -> PollCommandResult:
    """Close early (owner): voting ends now, the result follows after the grace period."""
    await seen(ports, poll_id, caller)
    result = await closing.end_voting(ports, poll_id, now(), caller)
    closed = await closing.close_after_grace(ports, poll_id)
    result = closed or result
    command_headers(response, result)
    return PollCommandResult(id=poll_id, version=result.version)


@router.post("/{poll_id}/cancel", responses=MANAGE)
async def cancel_poll(
    poll_id: PollId, body: CancelBody, response: Response, caller: CurrentCaller, ports: PortsDep
) -> PollCommandResult:
    """Cancel (owner or platform admin): no result is published."""
    await seen(ports, poll_id, caller)
    result = await polls.cancel_poll(ports, poll_id, caller, body.reason)
    command_headers(response, result)
    return PollCommandResult(id=poll_id, version=result.version)
