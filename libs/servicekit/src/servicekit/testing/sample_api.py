"""HTTP API of the sample tally domain, for tests of the HTTP kit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from servicekit.commands import Aggregate, Decision, execute, one_stream
from servicekit.eventstore import Metadata
from servicekit.http.commands import ExpectedVersion, command_headers
from servicekit.http.consistency import consistent
from servicekit.http.openapi import problem_responses
from servicekit.http.problems import NOT_FOUND
from servicekit.http.routes import ProblemRoute
from servicekit.http.security import CurrentPrincipal
from servicekit.service import ServiceDefinition
from servicekit.testing.sample import (
    SAMPLE_REGISTRY,
    TallyIncremented,
    TallyOpened,
    tally_projection,
)

TALLIES = tally_projection()
TALLY = Aggregate[bool](initial=lambda: False, evolve=lambda state, event: True)


@dataclass(frozen=True, slots=True)
class OpenTally:
    """Open a tally (a repeat changes nothing)."""

    tally_id: str


@dataclass(frozen=True, slots=True)
class IncrementTally:
    """Add ``by`` to an open tally."""

    tally_id: str
    by: int
    fail: bool = False


def tally_subject(command: OpenTally | IncrementTally) -> str:
    """The tally's stream."""
    return f"tally:{command.tally_id}"


def decide_open(command: OpenTally, opened: bool) -> Decision:
    """Open once."""
    return (
        Decision()
        if opened
        else Decision.of(tally_subject(command), TallyOpened(label=command.tally_id))
    )


def decide_increment(command: IncrementTally, opened: bool) -> Decision:
    """Only an open tally goes up."""
    if not opened:
        raise LookupError(command.tally_id)
    event = TallyIncremented(by=command.by, fail=command.fail)
    return Decision.of(tally_subject(command), event)


router = APIRouter(prefix="/v1/tallies", route_class=ProblemRoute)
TALLY_NOT_FOUND = problem_responses([NOT_FOUND])


class Increment(BaseModel):
    """Body of an increment command."""

    by: int = Field(ge=1, le=1000)
    fail: bool = False


@router.put("/{tally_id}", status_code=201)
async def open_tally(
    tally_id: str, request: Request, response: Response, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Open a tally (idempotent)."""
    store = request.app.state.runtime.store
    handler = one_stream(TALLY, tally_subject, decide_open, store)
    outcome = await execute(
        store, handler, OpenTally(tally_id), metadata=Metadata(actor_id=principal.sub)
    )
    result = outcome.result
    command_headers(response, result)
    return {"version": result.version}


@router.post("/{tally_id}/increments", responses=TALLY_NOT_FOUND)
async def increment(
    tally_id: str,
    body: Increment,
    expected: ExpectedVersion,
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """Increment an open tally."""
    store = request.app.state.runtime.store
    handler = one_stream(TALLY, tally_subject, decide_increment, store)
    try:
        outcome = await execute(
            store,
            handler,
            IncrementTally(tally_id, body.by, body.fail),
            metadata=Metadata(actor_id=principal.sub),
            expected_version=expected,
        )
    except LookupError:
        raise NOT_FOUND.problem("No such tally.") from None
    result = outcome.result
    command_headers(response, result)
    return {"version": result.version}


@router.get("/{tally_id}", dependencies=[Depends(consistent(TALLIES))], responses=TALLY_NOT_FOUND)
async def get_tally(tally_id: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    """The projected tally."""
    doc = await request.app.state.runtime.models["tallies"].find_one({"_id": f"tally:{tally_id}"})
    if doc is None:
        raise NOT_FOUND.problem("No such tally.")
    return {"label": doc["label"], "total": doc["total"]}


def sample_definition() -> ServiceDefinition:
    """The sample service."""
    return ServiceDefinition(
        name="sample",
        title="Sample",
        routers=[router],
        projections=[TALLIES],
        registry=SAMPLE_REGISTRY,
    )
