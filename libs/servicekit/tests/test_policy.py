"""Policies: reactions that issue commands, wired by the runtime with their ports."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from servicekit.commands import NO_CHANGE, CommandHandler, Decision, Loaded, execute
from servicekit.memorystore import InMemoryEventStore
from servicekit.policy import Policy, PolicyContext
from servicekit.projection import EventContext, ReadModels
from servicekit.streams import EventStorePort
from servicekit.testing.kafka import eventually
from servicekit.testing.sample import SAMPLE_REGISTRY, TallyClaimed, TallyOpened
from servicekit.testing.sample_api import sample_definition
from servicekit.testing.service import running_service


@dataclass(frozen=True)
class ClaimTally:
    """Give an opened tally its default owner (once)."""

    subject: str
    owner_id: str


async def _load(store: EventStorePort, command: ClaimTally) -> Loaded[bool]:
    events = await store.load(command.subject)
    claimed = any(isinstance(r.event, TallyClaimed) for r in events)
    return Loaded(claimed, {command.subject: len(events)})


def decide_claim(command: ClaimTally, claimed: bool) -> Decision:
    if claimed:
        return NO_CHANGE
    return Decision.of(command.subject, TallyClaimed(owner_id=command.owner_id))


@dataclass(frozen=True)
class Ports:
    store: EventStorePort
    default_owner: str


def default_owner_policy() -> Policy:
    policy = Policy("default_owner", sources=("sample",))

    @policy.on(TallyOpened)
    async def claim_opened_tally(event: TallyOpened, ctx: PolicyContext[Ports]) -> None:
        handler = CommandHandler(
            load=lambda c: _load(ctx.store, c), decide=decide_claim, primary=lambda c: c.subject
        )
        command = ClaimTally(ctx.envelope.subject, ctx.ports.default_owner)
        await execute(ctx.store, handler, command, metadata=ctx.metadata)

    return policy


async def test_a_redelivered_event_reacts_once_and_records_its_cause() -> None:
    store = InMemoryEventStore(SAMPLE_REGISTRY)
    [opened] = await store.append("tally:a", [TallyOpened(label="a")], expected_version=0)
    consumer = default_owner_policy().consumer(store, Ports(store, "e-7"))
    handler = consumer.handlers[TallyOpened]
    ctx = EventContext(opened, ReadModels(None))  # type: ignore[arg-type]
    await handler(TallyOpened(label="a"), ctx)
    await handler(TallyOpened(label="a"), ctx)  # at-least-once delivery
    claims = [r for r in await store.load("tally:a") if isinstance(r.event, TallyClaimed)]
    assert [r.event.owner_id for r in claims] == ["e-7"]
    assert claims[0].envelope.causationid == opened.id
    assert consumer.collections == () and consumer.sources == ("sample",)


@pytest.mark.integration
async def test_the_runtime_subscribes_policies_with_the_ports_it_built(
    settings_for, make_token
) -> None:
    settings = settings_for("sample")
    definition = replace(
        sample_definition(),
        policies=[default_owner_policy()],
        ports=lambda runtime: Ports(runtime.store, "e-9"),
    )
    async with running_service(settings, definition) as service:
        assert [c.name for c in service.runtime.consumers] == ["tallies", "default_owner"]
        headers = {"Authorization": f"Bearer {make_token('e1')}"}
        assert (await service.client.put("/v1/tallies/p", headers=headers)).status_code == 201

        async def claimed() -> bool:
            return await service.runtime.store.version("tally:p") == 2

        await eventually(claimed)
        [_, claim] = await service.runtime.store.load("tally:p")
        assert claim.event == TallyClaimed(owner_id="e-9")
