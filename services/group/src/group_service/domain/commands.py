"""Commands (imperative) the group domain decides on."""

from __future__ import annotations

from dataclasses import dataclass

from group_service.domain.model import JoinPolicy, Role, Visibility


@dataclass(frozen=True, slots=True)
class CreateGroup:
    """Create a group owned by its creator."""

    group_id: str
    title: str
    description: str
    language: str
    tags: tuple[str, ...]
    visibility: Visibility
    join_policy: JoinPolicy


@dataclass(frozen=True, slots=True)
class ChangeSettings:
    """Change some settings; None means unchanged."""

    group_id: str
    title: str | None = None
    description: str | None = None
    language: str | None = None
    tags: tuple[str, ...] | None = None
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None


@dataclass(frozen=True, slots=True)
class ChangeRole:
    """Give a member another role."""

    group_id: str
    employee_id: str
    role: Role
