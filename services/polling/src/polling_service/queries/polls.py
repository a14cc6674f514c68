"""A poll as the caller sees it, its results, ballot list, turnout and the owner's export.

The poll itself is read from its (short) stream, so a command's answer is visible at
once; lists come from the ``ballots`` and ``turnout`` read models.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from collab_events.polling import PollResults
from servicekit.commands import load_state
from servicekit.http.cursors import decode_cursor, next_cursor

from polling_service.api.models import (
    BallotPage,
    BallotView,
    MyStanding,
    PollView,
    ResultsView,
    TurnoutPage,
)
from polling_service.domain.ballots import Ballot
from polling_service.domain.errors import NotAllowed, ResultsHidden
from polling_service.domain.model import POLL, Caller, PollState
from polling_service.domain.streams import poll_subject, voter_subject
from polling_service.domain.tally import tally
from polling_service.ports import Ports
from polling_service.projections.ballots import BALLOTS
from polling_service.projections.turnout import TURNOUT
from polling_service.queries.access import (
    Standing,
    may_see_ballots,
    may_see_results,
    may_see_turnout,
    standing,
)

Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Seen:
    """A poll the caller may see: its state, version and the caller's standing."""

    state: PollState
    version: int
    me: Standing


async def seen(ports: Ports, poll_id: str, caller: Caller) -> Seen:
    """The poll and the caller's standing; PollNotFound when they may not see it."""
    state, version = await load_state(ports.store, poll_subject(poll_id), POLL)
    voter = voter_subject(poll_id, ports.voter_key(poll_id, caller.employee_id))
    voted = await ports.store.version(voter) > 0
    me = await standing(ports.replicas, ports.electorates, state, caller, voted)
    return Seen(state, version, me)


def poll_view(s: Seen) -> PollView:
    """The API's view of a poll."""
    poll = s.state.poll
    fields = poll.model_dump(exclude={"poll_id", "ballot_key"})
    opened = s.state.opened
    return PollView(
        **fields, id=poll.poll_id, version=s.version, status=s.state.status,
        eligible_count=None if opened is None else opened.eligible_count,
        me=MyStanding(owner=s.me.owner, eligible=s.me.eligible, voted=s.me.voted),
    )  # fmt: skip


def _ballot(doc: Doc) -> Ballot:
    return Ballot.of(
        doc.get("choice"), doc.get("ranking"), doc.get("ratings"), bool(doc.get("abstain"))
    )


async def live_ballots(ports: Ports, s: Seen) -> list[Ballot]:
    """The ballots so far: open polls' from the read model, anonymous ones from the box."""
    poll_id = s.state.poll.poll_id
    if s.state.poll.secrecy == "anonymous":
        return [_ballot(doc["ballot"]) for doc in await ports.box.ballots(poll_id)]
    # Only what the tally reads: each ballot is sent once per recount of a running poll.
    fields = {"_id": 0, "choice": 1, "ranking": 1, "ratings": 1, "abstain": 1}
    cursor = ports.models[BALLOTS].find({"poll_id": poll_id}, fields)
    return [_ballot(doc) async for doc in cursor]


async def results_view(ports: Ports, s: Seen) -> ResultsView:
    """The result, final or live, when the poll's visibility lets the caller see it."""
    if not may_see_results(s.state, s.me):
        raise ResultsHidden(f"results are visible {s.state.poll.results_visibility}")
    closed = s.state.closed
    if closed is not None:
        return ResultsView(
            status=s.state.status, final=True, results=closed.results,
            ballot_count=closed.ballot_count, credential_count=closed.credential_count,
            ballot_digest=closed.ballot_digest,
        )  # fmt: skip
    eligible = 0 if s.state.opened is None else s.state.opened.eligible_count

    async def count() -> PollResults:
        return tally(s.state.poll, await live_ballots(ports, s), eligible)

    live = await ports.live.get(s.state.poll.poll_id, count)
    return ResultsView(status=s.state.status, final=False, results=live)


async def ballot_page(ports: Ports, s: Seen, cursor: str | None, limit: int) -> BallotPage:
    """The published ballots, after close, for owners and the electorate."""
    if not may_see_ballots(s.state, s.me):
        raise ResultsHidden("the ballot list is published to the electorate after close")
    query: Doc = {"poll_id": s.state.poll.poll_id}
    if (after := decode_cursor(cursor)) is not None:
        query["ballot_id"] = {"$gt": after}
    docs = await ports.models[BALLOTS].find(query).sort("ballot_id", 1).to_list(limit + 1)
    items = [BallotView.model_validate(d) for d in docs[:limit]]
    more = len(docs) > limit
    return BallotPage(items=items, next_cursor=next_cursor(items[-1].ballot_id if more else None))


async def turnout_page(ports: Ports, s: Seen, cursor: str | None, limit: int) -> TurnoutPage:
    """Who took part (never what they chose)."""
    if not may_see_turnout(s.state, s.me):
        raise ResultsHidden("turnout is published to the electorate after close")
    query: Doc = {"poll_id": s.state.poll.poll_id}
    if (after := decode_cursor(cursor)) is not None:
        query["_id"] = {"$gt": after}
    docs = await ports.models[TURNOUT].find(query).sort("_id", 1).to_list(limit + 1)
    more = len(docs) > limit
    return TurnoutPage(
        items=[d.get("employee_id") for d in docs[:limit]],
        next_cursor=next_cursor(docs[limit - 1]["_id"] if more else None),
    )


async def export_csv(ports: Ports, s: Seen) -> str:
    """The owner's audit export: open polls who voted what; others turnout (and, after
    close, the anonymous ballot list with receipts)."""
    if not s.me.owner:
        raise NotAllowed("only the poll's owner may export it")
    out = io.StringIO()
    writer = csv.writer(out)
    poll_id = s.state.poll.poll_id
    if s.state.poll.secrecy == "open":
        # Before the owner may see results (``results_visibility``), who voted what would
        # be the results: the export then says who voted, not what.
        choices = may_see_results(s.state, s.me)
        writer.writerow(["voter_id", "receipt", "ballot"])
        cursor = ports.models[BALLOTS].find({"poll_id": poll_id}).sort("voter_id", 1)
        async for doc in cursor:
            ballot = _ballot(doc).canonical() if choices else ""
            writer.writerow([doc.get("voter_id") or "", doc["receipt"], ballot])
        return out.getvalue()
    writer.writerow(["section", "id", "receipt", "ballot"])
    async for doc in ports.models[TURNOUT].find({"poll_id": poll_id}).sort("employee_id", 1):
        writer.writerow(["turnout", doc.get("employee_id") or "", "", ""])
    if s.state.status == "closed":
        async for doc in ports.models[BALLOTS].find({"poll_id": poll_id}).sort("ballot_id", 1):
            writer.writerow(["ballot", doc["ballot_id"], doc["receipt"], _ballot(doc).canonical()])
    return out.getvalue()
