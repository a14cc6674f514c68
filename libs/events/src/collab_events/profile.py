"""Events of the profile service (employees, their profiles, following).

Streams: ``employee:<id>`` for an employee's profile and lifecycle,
``follow:<follower>/<followee>`` for one follow relationship. Display data
(name, email, photo) travels only in these events.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from collab_events.base import Event
from collab_events.registry import REGISTRY

EmployeeId = str
_ID = Field(min_length=1, max_length=64)


class ProfileFields(BaseModel):
    """Profile fields; in an update only the changed ones are set (others null)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    user_name: str | None = Field(default=None, max_length=254)
    email: str | None = Field(default=None, max_length=254)
    external_id: str | None = Field(default=None, max_length=128)
    employee_number: str | None = Field(default=None, max_length=64)
    given_name: str | None = Field(default=None, max_length=100)
    family_name: str | None = Field(default=None, max_length=100)
    display_name: str | None = Field(default=None, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=200)
    organization: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, min_length=2, max_length=2)
    location: str | None = Field(default=None, max_length=200)
    manager_id: EmployeeId | None = Field(default=None, max_length=64)
    languages: list[str] | None = Field(default=None, max_length=20)
    locale: str | None = Field(default=None, max_length=35)
    timezone: str | None = Field(default=None, max_length=64)
    about: str | None = Field(default=None, max_length=4000)
    skills: list[str] | None = Field(default=None, max_length=50)
    phone: str | None = Field(default=None, max_length=40)
    photo_url: str | None = Field(default=None, max_length=2000)
    pronouns: str | None = Field(default=None, max_length=40)


@REGISTRY.register
class EmployeeRegistered(Event):
    """An employee was provisioned (by SCIM or HR) with their initial profile."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_registered"
    employee_id: EmployeeId = _ID
    profile: ProfileFields

    @classmethod
    def example(cls) -> EmployeeRegistered:
        return cls(
            employee_id="e-1001",
            profile=ProfileFields(
                user_name="ana.muller@example.com",
                email="ana.muller@example.com",
                given_name="Ana",
                family_name="Müller",
                display_name="Ana Müller",
                job_title="Engineer",
                department="Platform",
                country="DE",
                locale="de-DE",
                languages=["de", "en"],
                skills=["python"],
            ),
        )


@REGISTRY.register
class EmployeeProfileUpdated(Event):
    """Profile fields changed: ``changes`` has the changed ones, ``cleared`` the emptied."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_profile_updated"
    employee_id: EmployeeId = _ID
    changes: ProfileFields
    cleared: list[str] = Field(default_factory=list, max_length=30)

    @classmethod
    def example(cls) -> EmployeeProfileUpdated:
        return cls(
            employee_id="e-1001",
            changes=ProfileFields(job_title="Staff Engineer"),
            cleared=["phone"],
        )


@REGISTRY.register
class EmployeeDeactivated(Event):
    """The employee left or was suspended; hidden from directories, memberships inactive."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_deactivated"
    employee_id: EmployeeId = _ID
    deprovisioned: bool = Field(
        default=False,
        description="The identity provider deleted the user (SCIM DELETE): the employee stays "
        "deactivated and is no longer provisioned; a later registration may reuse the userName.",
    )

    @classmethod
    def example(cls) -> EmployeeDeactivated:
        return cls(employee_id="e-1001")


@REGISTRY.register
class EmployeeReactivated(Event):
    """A deactivated employee is active again."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_reactivated"
    employee_id: EmployeeId = _ID

    @classmethod
    def example(cls) -> EmployeeReactivated:
        return cls(employee_id="e-1001")


@REGISTRY.register
class EmployeeErased(Event):
    """GDPR Art. 17 erasure: every service deletes or anonymises this person's data."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_erased"
    employee_id: EmployeeId = _ID

    @classmethod
    def example(cls) -> EmployeeErased:
        return cls(employee_id="e-1001")


@REGISTRY.register
class EmployeeFollowed(Event):
    """``follower_id`` started following ``followee_id``."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_followed"
    follower_id: EmployeeId = _ID
    followee_id: EmployeeId = _ID

    @classmethod
    def example(cls) -> EmployeeFollowed:
        return cls(follower_id="e-1002", followee_id="e-1001")


@REGISTRY.register
class EmployeeUnfollowed(Event):
    """``follower_id`` stopped following ``followee_id``."""

    service: ClassVar[str] = "profile"
    name: ClassVar[str] = "employee_unfollowed"
    follower_id: EmployeeId = _ID
    followee_id: EmployeeId = _ID

    @classmethod
    def example(cls) -> EmployeeUnfollowed:
        return cls(follower_id="e-1002", followee_id="e-1001")
