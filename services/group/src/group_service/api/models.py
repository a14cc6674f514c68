"""Request bodies and command responses (with explicit limits)."""

from __future__ import annotations

from typing import Annotated

from collab_events.group import LANGUAGE_PATTERN
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from servicekit.http.fields import NOT_BLANK, TRIMMED

from group_service.domain.model import JoinPolicy, Role, Visibility

Name = Annotated[str, Field(min_length=1, max_length=120, pattern=NOT_BLANK), TRIMMED]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Language = Annotated[str, StringConstraints(max_length=35, pattern=LANGUAGE_PATTERN)]
Tag = Annotated[str, Field(min_length=1, max_length=40, pattern=NOT_BLANK), TRIMMED]


class NewGroup(BaseModel):
    """Body of POST /v1/groups."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""
    language: Language = "en"
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    visibility: Visibility = "public"
    join_policy: JoinPolicy = "open"


class GroupChanges(BaseModel):
    """Body of PATCH /v1/groups/{id}: only the fields to change."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    language: Language | None = None
    tags: list[Tag] | None = Field(default=None, max_length=10)
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None


class RoleChange(BaseModel):
    """Body of PUT …/members/{employee}/role."""

    model_config = ConfigDict(extra="forbid")

    role: Role


class GroupCommandResult(BaseModel):
    """The group stream's version after a command."""

    id: str
    version: int


class MembershipResult(BaseModel):
    """Where the employee stands after a membership command."""

    group_id: str
    employee_id: str
    status: str
    role: Role | None
    version: int


def unique_tags(tags: list[str]) -> tuple[str, ...]:
    """Tags without repeats, first spelling kept."""
    return tuple(dict.fromkeys(tags))
