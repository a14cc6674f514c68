"""Employee commands: one frozen dataclass per use case on an ``employee:<id>`` stream.

Profiles are field name -> value (``None`` clears a field). Manager changes are
profile changes of ``manager_id``; deactivation and reactivation come with the
identity provider's replace and patch (``active``), or a registration as inactive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from profile_service.domain.fields import Profile


@dataclass(frozen=True, slots=True)
class RegisterEmployee:
    """HR or the identity provider registers a new employee (optionally inactive)."""

    employee_id: str
    profile: Profile
    active: bool = True


@dataclass(frozen=True, slots=True)
class UpdateProfile:
    """HR changes any fields of an employee's profile."""

    employee_id: str
    changes: Profile


@dataclass(frozen=True, slots=True)
class EditOwnProfile:
    """An employee changes the fields they own (``fields.SELF_FIELDS``) of their profile."""

    employee_id: str
    changes: Profile


@dataclass(frozen=True, slots=True)
class ReplaceProvisionedProfile:
    """The identity provider replaces the ``managed`` fields (absent ones are cleared).

    Other fields in ``profile`` are set; ``active`` deactivates or reactivates
    (``None``: unchanged). A deprovisioned employee is no provisioned resource.
    """

    employee_id: str
    profile: Profile
    managed: frozenset[str]
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class PatchProvisionedProfile:
    """The identity provider changes some fields and maybe the status.

    ``added`` names the fields the patch adds a value to rather than replaces: the
    service keeps one value per field, so adding to a field that holds another
    value is refused.
    """

    employee_id: str
    changes: Profile
    active: bool | None = None
    added: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class DeprovisionEmployee:
    """The identity provider deletes the user: deactivated for good, no SCIM resource."""

    employee_id: str


@dataclass(frozen=True, slots=True)
class EraseEmployee:
    """Erase an employee (GDPR Art. 17)."""

    employee_id: str


EmployeeCommand = (
    RegisterEmployee
    | UpdateProfile
    | EditOwnProfile
    | ReplaceProvisionedProfile
    | PatchProvisionedProfile
    | DeprovisionEmployee
    | EraseEmployee
)
