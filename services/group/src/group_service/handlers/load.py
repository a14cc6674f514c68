"""Loading the streams a command decides on: the group, memberships, the caller."""

from __future__ import annotations

import asyncio

from servicekit.commands import load_state
from servicekit.streams import EventStorePort

from group_service.domain.model import GroupState, MembershipState
from group_service.domain.streams import GROUP, MEMBERSHIP, group_subject, member_subject


async def load_group(store: EventStorePort, group_id: str) -> tuple[GroupState, int]:
    """The group's state and stream version."""
    return await load_state(store, group_subject(group_id), GROUP)


async def load_memberships(
    store: EventStorePort, group_id: str, employee_ids: list[str]
) -> dict[str, tuple[MembershipState, int]]:
    """State and version of several people's membership streams of one group."""
    unique = list(dict.fromkeys(employee_ids))
    loaded = await asyncio.gather(
        *(load_state(store, member_subject(group_id, e), MEMBERSHIP) for e in unique)
    )
    return dict(zip(unique, loaded, strict=True))
