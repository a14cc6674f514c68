"""Domain errors: values at the domain edge, mapped once to HTTP at the API edge."""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """A command was refused for a reason the caller can act on."""


class EmployeeNotFound(DomainError):
    """No such employee (never registered, or erased)."""

    def __init__(self, employee_id: str) -> None:
        super().__init__(f"employee {employee_id!r} not found")
        self.employee_id = employee_id


class EmployeeAlreadyRegistered(DomainError):
    """The employee id is already in use."""

    def __init__(self, employee_id: str) -> None:
        super().__init__(f"employee {employee_id!r} is already registered")


class NotAnActiveEmployee(DomainError):
    """The caller acts as an employee but is not an active one."""

    def __init__(self, employee_id: str) -> None:
        super().__init__(f"{employee_id!r} is not an active employee")


class UserNameTaken(DomainError):
    """Another active employee holds this userName."""

    def __init__(self, user_name: str) -> None:
        super().__init__(f"userName {user_name!r} is already taken by an active employee")


class ManagerNotFound(DomainError):
    """The named manager does not exist (or was erased)."""

    def __init__(self, manager_id: str) -> None:
        super().__init__(f"manager {manager_id!r} not found")


class ManagerCycle(DomainError):
    """Setting this manager would make the management chain a cycle."""

    def __init__(self, employee_id: str, manager_id: str) -> None:
        super().__init__(f"{manager_id!r} cannot manage {employee_id!r}: the chain would loop")


class CannotFollowSelf(DomainError):
    """An employee tried to follow themselves."""

    def __init__(self) -> None:
        super().__init__("you cannot follow yourself")


class FollowTargetInactive(DomainError):
    """The employee to follow is deactivated."""

    def __init__(self, employee_id: str) -> None:
        super().__init__(f"employee {employee_id!r} is not active")


class FieldNotEditable(DomainError):
    """The caller may not change these fields (HR-owned)."""

    def __init__(self, fields: Iterable[str]) -> None:
        self.fields = sorted(fields)
        super().__init__(f"not editable by you: {', '.join(self.fields)}")


class FieldRequired(DomainError):
    """A required field is missing or would be cleared."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} is required")
        self.field = field


class ValueAlreadyHeld(DomainError):
    """A value was added to a field that holds another one: the service keeps one per field."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} already has a value; this service keeps one: use replace")
        self.field = field
