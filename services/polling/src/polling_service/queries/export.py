"""GDPR Art. 15/20: what the polling service holds about one employee, as one document.

Read from the read models in ``_id`` batches (never one unbounded query): the polls they
own, the polls whose frozen electorate holds them or whose turnout names them, and their
ballots in ``open`` polls. Anonymous and secret polls give participation only: their
ballots are stored under hashes nobody can tie to a voter (``policies/erasure.py``,
``domain/pseudonyms.py``), and neither a ballot id, a receipt, a pseudonym, a blinded
digest nor a time is exported for them, since each could tie the person to a ballot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from collab_events.polling import PollCreated

from polling_service.api.export_models import OpenBallot, OwnedPoll, PollingExport
from polling_service.domain.model import PollState
from polling_service.ports import Ports
from polling_service.projections.ballots import BALLOTS
from polling_service.projections.polls import POLLS
from polling_service.queries.access import Standing, may_see_results
from polling_service.queries.participation import batches, iso, participation_of

Doc = dict[str, Any]


async def export_employee(ports: Ports, employee_id: str) -> PollingExport:
    """The employee's polls, participation and open ballots (empty sections: unknown)."""
    participation = await participation_of(ports, employee_id)
    open_polls = {p.poll_id for p in participation if p.secrecy == "open"}
    return PollingExport(
        employee_id=employee_id,
        exported_at=datetime.now(UTC).isoformat(),
        owned_polls=[poll async for poll in owned_polls(ports, employee_id)],
        participation=participation,
        open_ballots=[b async for b in open_ballots(ports, employee_id, open_polls)],
    )


def owned_poll(doc: Doc) -> OwnedPoll:
    """One owned poll; its result only as its results_visibility shows it to the owner."""
    definition = {**doc, "poll_id": doc["_id"], "opens_at": iso(doc.get("opens_at"))}
    poll = PollCreated.model_validate(definition)
    state = PollState(created=poll, status=doc["status"])
    owner = Standing(owner=True, admin=False, eligible=False, voted=False)
    final = doc["status"] == "closed" and may_see_results(state, owner)
    fields = poll.model_dump(exclude={"poll_id", "owner_id", "ballot_key"})
    return OwnedPoll(
        **fields, id=poll.poll_id, status=doc["status"],
        created_at=iso(doc.get("created_at")), ended_at=iso(doc.get("ended_at")),
        end_reason=doc.get("end_reason"), eligible_count=doc.get("eligible_count"),
        results=doc.get("results") if final else None,
        ballot_count=doc.get("ballot_count") if final else None,
        credential_count=doc.get("credential_count") if final else None,
        ballot_digest=doc.get("ballot_digest") if final else None,
    )  # fmt: skip


async def owned_polls(ports: Ports, employee_id: str) -> AsyncIterator[OwnedPoll]:
    """The polls the employee created, by id."""
    async for docs in batches(ports.models[POLLS], {"owner_id": employee_id}):
        for doc in docs:
            yield owned_poll(doc)


async def open_ballots(
    ports: Ports, employee_id: str, open_polls: set[str]
) -> AsyncIterator[OpenBallot]:
    """The employee's current ballots in ``open`` polls (only those name a voter)."""
    fields = ("poll_id", "receipt", "choice", "ranking", "ratings", "abstain")
    async for docs in batches(ports.models[BALLOTS], {"voter_id": employee_id}, fields):
        for doc in docs:
            # Only open ballots carry a voter; the check keeps any other out regardless.
            if doc["poll_id"] in open_polls:
                yield OpenBallot.model_validate(doc)
