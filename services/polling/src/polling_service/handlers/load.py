"""Loading the state decisions need: the poll, a voter's stream, eligibility."""

from __future__ import annotations

import asyncio

from collab_events.polling import PollCreated
from servicekit.commands import Loaded, load_state

from polling_service.domain.decide import VoterContext
from polling_service.domain.model import POLL, VOTER, PollState
from polling_service.domain.streams import ballot_subject, poll_subject, voter_subject
from polling_service.ports import Ports


async def load_poll(ports: Ports, poll_id: str) -> tuple[PollState, int]:
    """The poll's state and stream version."""
    state, version = await load_state(ports.store, poll_subject(poll_id), POLL)
    ports.known.remember(state)
    return state, version


async def poll_definition(ports: Ports, poll_id: str) -> PollCreated | None:
    """The poll's definition (final once created), None when there is no such poll."""
    known = ports.known.created(poll_id)
    return known if known is not None else (await load_poll(ports, poll_id))[0].created


async def is_eligible(ports: Ports, poll: PollState, employee_id: str) -> bool:
    """Whether the employee is in the poll's frozen electorate (False before it opened)."""
    if poll.opened is None:
        return False
    return await ports.electorates.admits(poll.opened.electorate_id, employee_id)


async def load_voter(
    ports: Ports, poll_id: str, employee_id: str, ballot_id: str | None = None
) -> Loaded[VoterContext]:
    """The poll, the employee's voter stream (and ballot stream) and their eligibility.

    The reads run together; the electorate is asked at once when this process knows the
    poll opened. An ``open`` poll's ballot stream is read only for a voter who took part:
    their first ballot and their credential are one append, so without a credential
    the ballot stream is empty (or appeared since, which the append finds as a conflict).
    """
    voter_stream = voter_subject(poll_id, ports.voter_key(poll_id, employee_id))
    (poll, poll_v), (voter, voter_v), eligible = await asyncio.gather(
        load_poll(ports, poll_id),
        load_state(ports.store, voter_stream, VOTER),
        _admitted(ports, poll_id, employee_id),
    )
    if eligible is None:
        eligible = await is_eligible(ports, poll, employee_id)
    versions = {poll_subject(poll_id): poll_v, voter_stream: voter_v}
    ballot_v = 0
    if ballot_id is not None:
        if voter.credential:
            ballot_v = await ports.store.version(ballot_subject(poll_id, ballot_id))
        versions[ballot_subject(poll_id, ballot_id)] = ballot_v
    return Loaded(VoterContext(poll, voter, eligible, ballot_v), versions)


async def _admitted(ports: Ports, poll_id: str, employee_id: str) -> bool | None:
    """Eligibility by the electorate of an opening this process knows (else None)."""
    opened = ports.known.opened(poll_id)
    if opened is None:
        return None
    return await ports.electorates.admits(opened.electorate_id, employee_id)
