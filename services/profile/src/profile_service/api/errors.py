"""Domain errors mapped once to problem+json, for every route of the /v1 routers."""

from __future__ import annotations

from servicekit.http.problems import Problem
from servicekit.http.routes import domain_error_route

from profile_service.domain import errors

_PROBLEMS: dict[type[errors.DomainError], tuple[int, str, str]] = {
    errors.EmployeeNotFound: (404, "employee-not-found", "Employee not found"),
    errors.EmployeeAlreadyRegistered: (409, "employee-exists", "Employee already registered"),
    errors.NotAnActiveEmployee: (403, "not-an-active-employee", "Not an active employee"),
    errors.UserNameTaken: (409, "user-name-taken", "userName already taken"),
    errors.ManagerNotFound: (422, "manager-not-found", "Manager not found"),
    errors.ManagerCycle: (422, "manager-cycle", "Manager chain would loop"),
    errors.CannotFollowSelf: (422, "cannot-follow-self", "Cannot follow yourself"),
    errors.FollowTargetInactive: (409, "follow-target-inactive", "Employee is not active"),
    errors.FieldNotEditable: (403, "field-not-editable", "Field not editable"),
    errors.FieldRequired: (422, "field-required", "Field required"),
}


def employee_not_found(employee_id: str) -> Problem:
    """404 for an employee the caller cannot see (absent, erased, or inactive to them)."""
    return problem_for(errors.EmployeeNotFound(employee_id))


def problem_for(error: errors.DomainError) -> Problem:
    """The problem+json answer to a domain error."""
    status, type_, title = _PROBLEMS.get(type(error), (400, "bad-request", "Request refused"))
    return Problem(status, title, type_=type_, detail=str(error))


DomainRoute = domain_error_route(errors.DomainError, problem_for)
