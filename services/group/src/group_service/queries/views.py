"""What queries return (also the API's response models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collab_replicas import Person as PersonFacts
from pydantic import BaseModel

from group_service.domain.model import JoinPolicy, Role, Visibility


class GroupSummary(BaseModel):
    """A group as the directory lists it."""

    id: str
    name: str
    description: str
    language: str
    tags: list[str]
    visibility: Visibility
    join_policy: JoinPolicy
    archived: bool
    member_count: int

    @classmethod
    def of(cls, doc: dict[str, Any], member_count: int) -> GroupSummary:
        """The summary of a ``groups`` document."""
        return cls(
            id=doc["_id"],
            name=doc["title"],
            description=doc["description"],
            language=doc["language"],
            tags=doc["tags"],
            visibility=doc["visibility"],
            join_policy=doc["join_policy"],
            archived=doc["archived"],
            member_count=member_count,
        )


class GroupDetail(GroupSummary):
    """One group with the caller's relation to it."""

    version: int
    my_status: str
    my_role: Role | None
    needs_owner: bool


class GroupPage(BaseModel):
    """A page of groups."""

    items: list[GroupSummary]
    next_cursor: str | None


class MyGroup(GroupSummary):
    """A group the employee belongs to, with their role."""

    role: Role


class MyGroupPage(BaseModel):
    """A page of someone's groups."""

    items: list[MyGroup]
    next_cursor: str | None


class Person(BaseModel):
    """Display data of an employee (from this service's people replica)."""

    employee_id: str
    name: str | None
    job_title: str | None
    department: str | None


class Member(Person):
    """A member of a group."""

    role: Role
    since: datetime | None


class MemberPage(BaseModel):
    """A page of members."""

    items: list[Member]
    next_cursor: str | None


class Pending(Person):
    """A pending join request or invitation."""

    group_id: str
    group_name: str | None = None
    since: datetime | None
    invited_by: str | None = None


class PendingPage(BaseModel):
    """A page of pending requests or invitations."""

    items: list[Pending]
    next_cursor: str | None


def person(employee_id: str, facts: PersonFacts | None) -> dict[str, Any]:
    """The Person fields of an employee (all null when unknown or erased)."""
    if facts is None:
        return {"employee_id": employee_id, "name": None, "job_title": None, "department": None}
    return {
        "employee_id": employee_id,
        "name": facts.name,
        "job_title": facts.job_title,
        "department": facts.department,
    }
