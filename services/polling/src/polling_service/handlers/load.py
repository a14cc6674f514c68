"""Loading the state decisions need: the poll, a voter's stream, eligibility."""

from __future__ import annotations

import asyncio

from servicekit.commands import Loaded, load_state

from polling_service.domain.decide import VoterContext
from polling_service.domain.model import POLL, VOTER, PollState
from polling_service.domain.streams import ballot_subject, poll_subject, voter_subject
from polling_service.ports import Ports


async def load_poll(ports: Ports, poll_id: str) -> tuple[PollState, int]:
    """The poll's state and stream version."""
    return await load_state(ports.store, poll_subject(poll_id), POLL)


async def is_eligible(ports: Ports, poll: PollState, employee_id: str) -> bool:
    """Whether the employee is in the poll's frozen electorate (False before it opened)."""
    if poll.opened is None:
        return False
    return await ports.electorates.admits(poll.opened.electorate_id, employee_id)


async def load_voter(
    ports: Ports, poll_id: str, employee_id: str, ballot_id: str | None = None
) -> Loaded[VoterContext]:
    """The poll, the employee's voter stream (and ballot stream) and their eligibility."""
    (poll, poll_v), (voter, voter_v) = await asyncio.gather(
        load_poll(ports, poll_id),
        load_state(ports.store, voter_subject(poll_id, employee_id), VOTER),
    )
    versions = {poll_subject(poll_id): poll_v, voter_subject(poll_id, employee_id): voter_v}
    ballot_v = 0
    if ballot_id is not None:
        ballot_v = await ports.store.version(ballot_subject(poll_id, ballot_id))
        versions[ballot_subject(poll_id, ballot_id)] = ballot_v
    eligible = await is_eligible(ports, poll, employee_id)
    return Loaded(VoterContext(poll, voter, eligible, ballot_v), versions)
