"""Stream names and state loading for the group and membership streams."""

from __future__ import annotations

import asyncio

from servicekit.commands import Aggregate, load_state
from servicekit.eventstore import EventStore

from group_service.domain.evolve import evolve_group, evolve_membership
from group_service.domain.model import GroupState, MembershipState

GROUP = Aggregate[GroupState](initial=GroupState, evolve=evolve_group)
MEMBERSHIP = Aggregate[MembershipState](initial=MembershipState, evolve=evolve_membership)


def group_subject(group_id: str) -> str:
    """The stream of a group's settings, lifecycle and owner set."""
    return f"group:{group_id}"


def member_subject(group_id: str, employee_id: str) -> str:
    """The stream of one person's membership of one group."""
    return f"group:{group_id}/member:{employee_id}"


def parse_member_subject(subject: str) -> tuple[str, str] | None:
    """(group id, employee id) of a membership stream name, None for other streams."""
    head, sep, employee_id = subject.partition("/member:")
    if not sep or not head.startswith("group:"):
        return None
    return head.removeprefix("group:"), employee_id


async def load_group(store: EventStore, group_id: str) -> tuple[GroupState, int]:
    """The group's state and stream version."""
    return await load_state(store, group_subject(group_id), GROUP)


async def load_memberships(
    store: EventStore, group_id: str, employee_ids: list[str]
) -> dict[str, tuple[MembershipState, int]]:
    """State and version of several people's membership streams of one group."""
    unique = list(dict.fromkeys(employee_ids))
    loaded = await asyncio.gather(
        *(load_state(store, member_subject(group_id, e), MEMBERSHIP) for e in unique)
    )
    return dict(zip(unique, loaded, strict=True))
