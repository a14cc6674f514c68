"""The polls an employee could vote in or took part in, read in bounded batches.

Eligibility is the frozen electorate of each opened poll (``registries/electorates``,
keyed by electorate and employee, so it is asked one batch of polls at a time); taking
part is the ``turnout`` read model (a credential was issued). Neither says what anyone
chose.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from servicekit.batches import batches as read_batches
from servicekit.commands import load_state

from polling_service.api.export_models import Participation
from polling_service.domain.model import POLL
from polling_service.domain.streams import poll_subject
from polling_service.ports import Ports
from polling_service.projections.polls import POLLS
from polling_service.projections.turnout import TURNOUT

Doc = dict[str, Any]
BATCH = 200  # documents per read: an export of any size is many small reads
SUMMARY = ("electorate_id", "question", "secrecy", "status", "opens_at", "closes_at")


def batches(
    collection: AsyncCollection[Doc], query: Doc, fields: Iterable[str] | None = None
) -> AsyncIterator[list[Doc]]:
    """Every matching document in ``_id`` order, at most BATCH per read."""
    return read_batches(collection, query, fields, size=BATCH)


def iso(value: object) -> str | None:
    """A read model's time as ISO 8601 (null when absent or empty)."""
    if isinstance(value, datetime):
        return value.isoformat()
    return value if isinstance(value, str) and value else None


async def participation_of(ports: Ports, employee_id: str) -> list[Participation]:
    """Polls whose electorate holds the employee or whose turnout names them, by id."""
    took_part = await turnout_polls(ports, employee_id)
    found: dict[str, Participation] = {}
    opened = {"electorate_id": {"$exists": True}}
    async for docs in batches(ports.models[POLLS], opened, SUMMARY):
        electorates = [doc["electorate_id"] for doc in docs]
        admitted = await ports.electorates.admitting(employee_id, electorates)
        for doc in docs:
            eligible, voted = doc["electorate_id"] in admitted, doc["_id"] in took_part
            if eligible or voted:
                found[doc["_id"]] = _summary(doc, eligible=eligible, took_part=voted)
    # The turnout may be ahead of the polls read model: those polls from their streams.
    for poll_id in sorted(took_part - found.keys()):
        if (entry := await _from_stream(ports, poll_id, employee_id)) is not None:
            found[poll_id] = entry
    return [found[poll_id] for poll_id in sorted(found)]


async def turnout_polls(ports: Ports, employee_id: str) -> set[str]:
    """The polls whose turnout names the employee."""
    polls: set[str] = set()
    async for docs in batches(ports.models[TURNOUT], {"employee_id": employee_id}, ["poll_id"]):
        polls.update(doc["poll_id"] for doc in docs)
    return polls


def _summary(doc: Doc, *, eligible: bool, took_part: bool) -> Participation:
    return Participation(
        poll_id=doc["_id"], question=doc["question"], secrecy=doc["secrecy"],
        status=doc["status"], opens_at=iso(doc.get("opens_at")), closes_at=doc["closes_at"],
        eligible=eligible, took_part=took_part,
    )  # fmt: skip


async def _from_stream(ports: Ports, poll_id: str, employee_id: str) -> Participation | None:
    state, _ = await load_state(ports.store, poll_subject(poll_id), POLL)
    if state.created is None:
        return None
    opened = state.opened
    eligible = opened is not None and await ports.electorates.admits(
        opened.electorate_id, employee_id
    )
    poll = state.poll
    return Participation(
        poll_id=poll_id, question=poll.question, secrecy=poll.secrecy, status=state.status,
        opens_at=poll.opens_at, closes_at=poll.closes_at, eligible=eligible, took_part=True,
    )  # fmt: skip
