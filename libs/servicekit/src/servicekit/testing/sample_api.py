"""HTTP API of the sample tally domain, for tests of the HTTP kit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from servicekit.commands import Aggregate, execute
from servicekit.eventstore import Metadata
from servicekit.http.commands import command_headers, if_match
from servicekit.http.consistency import consistent
from servicekit.http.problems import Problem
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
router = APIRouter(prefix="/v1/tallies")


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
    result = await execute(
        store,
        f"tally:{tally_id}",
        TALLY,
        lambda opened: [] if opened else [TallyOpened(label=tally_id)],
        metadata=Metadata(actor_id=principal.sub),
    )
    command_headers(response, result)
    return {"version": result.version}


@router.post("/{tally_id}/increments")
async def increment(
    tally_id: str,
    body: Increment,
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """Increment an open tally."""

    def decide(opened: bool) -> list[TallyIncremented]:
        if not opened:
            raise Problem(404, "Tally not found")
        return [TallyIncremented(by=body.by, fail=body.fail)]

    result = await execute(
        request.app.state.runtime.store,
        f"tally:{tally_id}",
        TALLY,
        decide,
        metadata=Metadata(actor_id=principal.sub),
        expected_version=if_match(request),
    )
    command_headers(response, result)
    return {"version": result.version}


@router.get("/{tally_id}", dependencies=[Depends(consistent(TALLIES))])
async def get_tally(tally_id: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    """The projected tally."""
    doc = await request.app.state.runtime.models["tallies"].find_one({"_id": f"tally:{tally_id}"})
    if doc is None:
        raise Problem(404, "Tally not found")
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
