"""Domain errors mapped once to problem+json (raised and documented alike) for the /v1 routers."""

from __future__ import annotations

from servicekit.http.problems import Problem, ProblemType
from servicekit.http.routes import ProblemCatalog

from profile_service.domain import errors

CATALOG = ProblemCatalog(
    errors.DomainError,
    {
        errors.EmployeeNotFound: ProblemType(404, "employee-not-found", "Employee not found"),
        errors.EmployeeAlreadyRegistered: ProblemType(
            409, "employee-exists", "Employee already registered"
        ),
        errors.NotAnActiveEmployee: ProblemType(
            403, "not-an-active-employee", "Not an active employee"
        ),
        errors.UserNameTaken: ProblemType(409, "user-name-taken", "userName already taken"),
        errors.ManagerNotFound: ProblemType(422, "manager-not-found", "Manager not found"),
        errors.ManagerCycle: ProblemType(422, "manager-cycle", "Manager chain would loop"),
        errors.CannotFollowSelf: ProblemType(422, "cannot-follow-self", "Cannot follow yourself"),
        errors.FollowTargetInactive: ProblemType(
            409, "follow-target-inactive", "Employee is not active"
        ),
        errors.FieldNotEditable: ProblemType(403, "field-not-editable", "Field not editable"),
        errors.FieldRequired: ProblemType(422, "field-required", "Field required"),
        errors.ValueAlreadyHeld: ProblemType(422, "value-already-held", "Field holds a value"),
    },
)
DomainRoute = CATALOG.route_class
raises = CATALOG.responses
problem_for = CATALOG.problem


def employee_not_found(employee_id: str) -> Problem:
    """404 for an employee the caller cannot see (absent, erased, or inactive to them)."""
    return problem_for(errors.EmployeeNotFound(employee_id))
