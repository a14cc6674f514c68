"""The two stream kinds: their names and how their state is folded from events."""

from __future__ import annotations

from servicekit.commands import Aggregate

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
