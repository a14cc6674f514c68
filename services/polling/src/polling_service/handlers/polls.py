"""Poll use cases: create (with a secret poll's key pair), open when due, cancel."""

from __future__ import annotations

import os
from datetime import datetime

from collab_events import uuid7
from collab_events.polling import BallotKey, PollCreated
from servicekit.commands import CommandResult, Decision, execute, one_stream

from polling_service.blindrsa import PrivateKey, generate
from polling_service.domain import decide as rules
from polling_service.domain import errors
from polling_service.domain.commands import CancelPoll, CreatePoll, Electorate, OpenPoll
from polling_service.domain.model import POLL, Caller, PollState, parse_time
from polling_service.domain.streams import poll_subject
from polling_service.handlers.load import load_poll
from polling_service.ports import Ports, by
from polling_service.queries.access import audience_of
from polling_service.registries.electorates import electorate_digest


class KeepSecret:
    """Append hook: the poll's key material is stored before its creation is appended."""

    def __init__(self, ports: Ports, poll_id: str, secret: bytes | None) -> None:
        self.ports, self.poll_id, self.secret = ports, poll_id, secret

    async def before(self, state: PollState, decision: Decision) -> None:
        if self.secret is not None:
            await self.ports.secrets.keep(self.poll_id, self.secret)

    async def failed(self, state: PollState, decision: Decision) -> None:
        if self.secret is not None:
            await self.ports.secrets.forget(self.poll_id)

    async def after(self, state: PollState, decision: Decision) -> None:
        return None


def with_key_material(ports: Ports, poll: PollCreated) -> tuple[PollCreated, bytes | None]:
    """A secret poll gets its key pair (public half in the event), an anonymous one its
    pseudonym key; the secret half goes only to the encrypted registry."""
    if poll.secrecy == "anonymous":
        return poll, os.urandom(32)
    if poll.secrecy != "secret":
        return poll, None
    key: PrivateKey = generate(ports.options.key_bits)
    public = BallotKey.model_validate(key.public.jwk())
    return poll.model_copy(update={"ballot_key": public}), key.to_bytes()


AUDIENCE_ROLES = ("admin", "communicator", "hr")


async def authorize_create(ports: Ports, poll: PollCreated, caller: Caller) -> None:
    """Group polls: whoever may post in the group; audience polls: communicators, HR, admins."""
    if poll.group_id is None:
        if caller.roles.isdisjoint(AUDIENCE_ROLES):
            raise errors.NotAllowed("audience polls need the communicator, hr or admin role")
        return
    groups = ports.replicas.groups
    if not await groups.can_see(poll.group_id, caller.employee_id, admin=caller.admin):
        raise errors.GroupNotFound("no such group")
    if not await groups.can_post(poll.group_id, caller.employee_id, admin=caller.admin):
        raise errors.NotAllowed("only members who may post in the group create its polls")


async def create_poll(ports: Ports, command: CreatePoll) -> CommandResult:
    """Create the poll, and open it at once when it has no later opening time."""
    await authorize_create(ports, command.definition, command.caller)
    poll, secret = with_key_material(ports, command.definition)
    command = CreatePoll(poll, command.caller, command.now)
    subject = poll_subject(poll.poll_id)
    hook = KeepSecret(ports, poll.poll_id, secret)
    handler = one_stream(POLL, lambda c: subject, rules.decide_create, ports.store, [hook])
    outcome = await execute(ports.store, handler, command, metadata=by(command.caller))
    opened = await open_when_due(ports, poll.poll_id, command.now)
    return opened or outcome.result


async def eligible_now(ports: Ports, poll: PollCreated) -> list[str]:
    """Who may vote by the replicas' current facts: the group's active members or the
    audience (sorted, distinct)."""
    if poll.group_id is not None:
        members = [e async for e in ports.replicas.groups.active_member_ids(poll.group_id)]
        return sorted(set(members))
    assert poll.audience is not None
    return await ports.replicas.audience_members(audience_of(poll.audience))


class FreezeElectorate:
    """Append hook: the electorate list is stored under its id before the poll opens."""

    def __init__(self, ports: Ports, electorate_id: str, members: list[str]) -> None:
        self.ports, self.electorate_id, self.members = ports, electorate_id, members

    async def before(self, state: PollState, decision: Decision) -> None:
        await self.ports.electorates.store(self.electorate_id, self.members)

    async def failed(self, state: PollState, decision: Decision) -> None:
        await self.ports.electorates.discard(self.electorate_id)

    async def after(self, state: PollState, decision: Decision) -> None:
        return None


async def open_when_due(ports: Ports, poll_id: str, now: datetime) -> CommandResult | None:
    """Open the poll if it is scheduled and its time has come (exactly once: the poll
    stream's version decides between two workers)."""
    state, _ = await load_poll(ports, poll_id)
    if state.status != "scheduled":
        return None
    if state.poll.opens_at and parse_time(state.poll.opens_at) > now:
        return None
    members = await eligible_now(ports, state.poll)
    electorate = Electorate(uuid7(), len(members), electorate_digest(members))
    hook = FreezeElectorate(ports, electorate.electorate_id, members)
    subject = poll_subject(poll_id)
    handler = one_stream(POLL, lambda c: subject, rules.decide_open, ports.store, [hook])
    outcome = await execute(ports.store, handler, OpenPoll(poll_id, now, electorate))
    return outcome.result


async def cancel_poll(ports: Ports, poll_id: str, caller: Caller, reason: str) -> CommandResult:
    """Cancel (owner or platform admin); boxed ballots and key material are destroyed."""
    subject = poll_subject(poll_id)
    handler = one_stream(POLL, lambda c: subject, rules.decide_cancel, ports.store)
    command = CancelPoll(poll_id, caller, reason)
    outcome = await execute(ports.store, handler, command, metadata=by(caller))
    # A cancelled poll publishes nothing: its boxed ballots and its keys go at once.
    await ports.box.empty(poll_id)
    await ports.secrets.destroy(poll_id)
    return outcome.result
