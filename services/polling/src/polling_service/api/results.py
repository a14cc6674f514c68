"""Routes of results: the tally, the published ballot list, turnout, the owner's export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from polling_service.api.deps import CurrentCaller, Cursor, Limit, PollId, PortsDep
from polling_service.api.errors import DomainRoute, raises
from polling_service.api.models import BallotPage, ResultsView, TurnoutPage
from polling_service.domain.errors import NotAllowed, PollNotFound, ResultsHidden
from polling_service.queries import polls as q

router = APIRouter(prefix="/v1/polls", tags=["results"], route_class=DomainRoute)
HIDDEN = raises(PollNotFound, ResultsHidden)
CSV_BODY = {"text/csv": {"schema": {"type": "string"}}}
CSV: dict[int | str, dict[str, Any]] = {200: {"content": CSV_BODY, "description": "CSV"}}


@router.get("/{poll_id}/results", responses=HIDDEN)
async def results(poll_id: PollId, caller: CurrentCaller, ports: PortsDep) -> ResultsView:
    """The result (with every IRV round, ratings, quorum) as the poll's visibility allows."""
    return await q.results_view(ports, await q.seen(ports, poll_id, caller))


@router.get("/{poll_id}/ballots", responses=HIDDEN)
async def ballots(
    poll_id: PollId,
    caller: CurrentCaller,
    ports: PortsDep,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> BallotPage:
    """Every final ballot after close (secret: with token and signature), by ballot id."""
    return await q.ballot_page(ports, await q.seen(ports, poll_id, caller), cursor, limit)


@router.get("/{poll_id}/turnout", responses=HIDDEN)
async def turnout(
    poll_id: PollId,
    caller: CurrentCaller,
    ports: PortsDep,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> TurnoutPage:
    """Who took part (secret: who received a credential), never what they chose."""
    return await q.turnout_page(ports, await q.seen(ports, poll_id, caller), cursor, limit)


@router.get(
    "/{poll_id}/export",
    response_class=Response,
    responses=raises(PollNotFound, NotAllowed) | CSV,
)
async def export(poll_id: PollId, caller: CurrentCaller, ports: PortsDep) -> Response:
    """The owner's audit export (CSV)."""
    body = await q.export_csv(ports, await q.seen(ports, poll_id, caller))
    return Response(body, media_type="text/csv")
