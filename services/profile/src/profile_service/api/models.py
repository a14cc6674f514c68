"""Request and response bodies of the /v1 API, with explicit limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from profile_service.api.fields import (
    Country,
    Email,
    EmployeeRef,
    Languages,
    LanguageTag,
    Phone,
    PhotoUrl,
    Skills,
    Text40,
    Text64,
    Text100,
    Text128,
    Text200,
    Text4000,
    TimeZone,
)


class ProfileInput(BaseModel):
    """Profile fields; in a PATCH only the sent ones change and ``null`` clears one."""

    model_config = ConfigDict(extra="forbid")

    user_name: Email | None = None
    email: Email | None = None
    external_id: Text128 | None = None
    employee_number: Text64 | None = None
    given_name: Text100 | None = None
    family_name: Text100 | None = None
    display_name: Text200 | None = None
    job_title: Text200 | None = None
    department: Text200 | None = None
    organization: Text200 | None = None
    country: Country | None = None
    location: Text200 | None = None
    manager_id: EmployeeRef | None = None
    languages: Languages | None = None
    locale: LanguageTag | None = None
    timezone: TimeZone | None = None
    about: Text4000 | None = None
    skills: Skills | None = None
    phone: Phone | None = None
    photo_url: PhotoUrl | None = None
    pronouns: Text40 | None = None

    def sent(self) -> dict[str, Any]:
        """The fields the client sent (``None`` = clear)."""
        return {name: getattr(self, name) for name in self.model_fields_set}

    def given(self) -> dict[str, Any]:
        """The fields that carry a value."""
        return {k: v for k, v in self.sent().items() if v is not None}


class NewEmployee(ProfileInput):
    """An employee registered by HR (the identity provider uses SCIM instead)."""

    user_name: Email
    active: bool = True

    def given(self) -> dict[str, Any]:
        """The profile fields that carry a value (``active`` is not one)."""
        return {k: v for k, v in super().given().items() if k != "active"}


class EmployeeView(BaseModel):
    """An employee's profile as the caller may see it."""

    id: str
    active: bool
    version: int = Field(description="Stream version; send it back as If-Match")
    display_name: str
    user_name: str | None = None
    email: str | None = None
    external_id: str | None = Field(default=None, description="Only for HR, admins and self")
    employee_number: str | None = Field(default=None, description="Only for HR, admins, self")
    given_name: str | None = None
    family_name: str | None = None
    job_title: str | None = None
    department: str | None = None
    organization: str | None = None
    country: str | None = None
    location: str | None = None
    manager_id: str | None = None
    languages: list[str] = Field(default_factory=list)
    locale: str | None = None
    timezone: str | None = None
    about: str | None = None
    skills: list[str] = Field(default_factory=list)
    phone: str | None = None
    photo_url: str | None = None
    pronouns: str | None = None


class EmployeeSummary(BaseModel):
    """One line of a directory listing."""

    id: str
    display_name: str
    active: bool
    job_title: str | None = None
    department: str | None = None
    country: str | None = None
    location: str | None = None
    photo_url: str | None = None


class EmployeePage(BaseModel):
    """A page of employees; pass ``next_cursor`` as ``cursor`` for the next one."""

    items: list[EmployeeSummary]
    next_cursor: str | None = None


class ReportsPage(EmployeePage):
    """A page of direct reports and how many there are."""

    total: int


class Chain(BaseModel):
    """An employee and their managers, from the direct one to the top."""

    employee: EmployeeSummary
    managers: list[EmployeeSummary]


class FollowEntry(EmployeeSummary):
    """A follower or followee and since when."""

    since: datetime | None = None


class FollowPage(BaseModel):
    """A page of followers or followees with the employee's counts."""

    items: list[FollowEntry]
    next_cursor: str | None = None
    followers: int
    following: int


class FollowState(BaseModel):
    """Answer to a follow or unfollow command."""

    follower_id: str
    followee_id: str
    following: bool
    version: int


class ErasureReport(BaseModel):
    """What an erasure did."""

    id: str
    version: int
    redacted_events: int
    ended_follows: int
