"""Builders of domain state and fakes of the service's own ports (no servers)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import pytest
from collab_events import Event
from collab_events.group import GroupCreated
from group_service.domain.evolve import evolve_group
from group_service.domain.membership import MemberContext
from group_service.domain.model import Actor, GroupState, MembershipState, Role, Status
from group_service.domain.streams import group_subject, member_subject
from group_service.handlers.ports import Ports
from servicekit.commands import Decision
from servicekit.memorystore import InMemoryEventStore
from servicekit.streams import RecordedEvent

GroupFactory = Callable[..., GroupState]
ContextFactory = Callable[..., MemberContext]


@pytest.fixture
def make_group() -> GroupFactory:
    """A created group; keyword overrides replace fields of the state."""

    def make(visibility: str = "public", policy: str = "open", **overrides: object) -> GroupState:
        created = GroupCreated(
            group_id="g", title="Guild", visibility=visibility, join_policy=policy, owner_id="owner"
        )
        return replace(evolve_group(GroupState(), created), **overrides)

    return make


def member(role: Role | None = None, status: Status = Status.MEMBER) -> MembershipState:
    """A membership in ``status`` (member by default) with ``role``."""
    return MembershipState(status, role if status is Status.MEMBER else None)


@pytest.fixture
def make_ctx(make_group: GroupFactory) -> ContextFactory:
    """A MemberContext: ``target`` acted on by ``actor`` (the target itself by default)."""

    def make(
        group: GroupState | None = None,
        target: MembershipState | None = None,
        actor: MembershipState | None = None,
        actor_id: str | None = None,
        platform_admin: bool = False,
        inactive: frozenset[str] = frozenset(),
        employee_id: str = "e1",
        known: bool = True,
    ) -> MemberContext:
        target = target or MembershipState()
        actor_id = actor_id or employee_id
        actor_state = target if actor_id == employee_id else (actor or MembershipState())
        return MemberContext(
            group or make_group(),
            target,
            Actor(actor_id, platform_admin, actor_state),
            inactive,
            known,
        )

    return make


@pytest.fixture
def as_member() -> Callable[..., MembershipState]:
    """``as_member("admin")`` -> a member with that role."""
    return member


@pytest.fixture
def member_events() -> Callable[..., Sequence[Event]]:
    """``member_events(decision, "e1")``: the new events of e1's membership of group g."""

    def events(decision: Decision, employee_id: str = "e1") -> Sequence[Event]:
        return decision.events(member_subject("g", employee_id))

    return events


@pytest.fixture
def group_events() -> Callable[[Decision], Sequence[Event]]:
    """The new events of group g's own stream."""
    return lambda decision: decision.events(group_subject("g"))


class FakeDirectory:
    """The Directory port over sets the test controls."""

    def __init__(self) -> None:
        self.deactivated: set[str] = set()
        self.unknown: set[str] = set()
        self.admins: dict[str, list[str]] = {}

    async def inactive(self, employee_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(set(employee_ids) & self.deactivated)

    async def known(self, employee_id: str) -> bool:
        return employee_id not in self.unknown

    async def admins_by_seniority(self, group_id: str) -> list[str]:
        return [a for a in self.admins.get(group_id, []) if a not in self.deactivated]


@pytest.fixture
def directory() -> FakeDirectory:
    return FakeDirectory()


class Latch:
    """Holds the first ``parties`` callers until all of them arrived; later ones pass."""

    def __init__(self, parties: int) -> None:
        self.parties, self.arrived = parties, 0
        self.opened = asyncio.Event()

    async def wait(self) -> None:
        self.arrived += 1
        if self.arrived >= self.parties:
            self.opened.set()
        await asyncio.wait_for(self.opened.wait(), timeout=5)


class GatedStore(InMemoryEventStore):
    """The in-memory event store whose loads of a gated stream wait at a latch.

    Gating a stream with two parties makes two concurrent commands both read it
    before either appends: the second append is a real concurrency conflict.
    """

    def __init__(self) -> None:
        super().__init__(indexed_fields=["employee_id"])
        self.gates: dict[str, Latch] = {}

    def gate(self, subject: str, parties: int = 2) -> Latch:
        self.gates[subject] = Latch(parties)
        return self.gates[subject]

    async def load(self, subject: str, after_version: int = 0) -> list[RecordedEvent]:
        if (latch := self.gates.get(subject)) is not None:
            await latch.wait()
        return await super().load(subject, after_version)


@pytest.fixture
def store() -> GatedStore:
    return GatedStore()


@pytest.fixture
def ports(store: GatedStore, directory: FakeDirectory) -> Ports:
    return Ports(store, directory)
