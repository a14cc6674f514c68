"""Builders of domain state for the unit tests (no servers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from collab_events.group import GroupCreated
from group_service.domain.evolve import evolve_group
from group_service.domain.membership import MemberContext
from group_service.domain.model import Actor, GroupState, MembershipState, Role, Status

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
    ) -> MemberContext:
        target = target or MembershipState()
        actor_id = actor_id or employee_id
        actor_state = target if actor_id == employee_id else (actor or MembershipState())
        return MemberContext(
            "g",
            employee_id,
            group or make_group(),
            target,
            Actor(actor_id, platform_admin, actor_state),
            inactive,
        )

    return make


@pytest.fixture
def as_member() -> Callable[..., MembershipState]:
    """``as_member("admin")`` -> a member with that role."""
    return member
