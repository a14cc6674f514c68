"""Domain errors mapped once to problem+json, through a route class used by every router."""

from __future__ import annotations

from servicekit.http.problems import Problem
from servicekit.http.routes import domain_error_route

from group_service.domain import errors

# error -> (status, title, stable problem type)
PROBLEMS: dict[type[errors.DomainError], tuple[int, str, str]] = {
    errors.GroupNotFound: (404, "Group not found", "group-not-found"),
    errors.MemberNotFound: (404, "Member not found", "member-not-found"),
    errors.JoinRequestNotFound: (404, "Join request not found", "join-request-not-found"),
    errors.InvitationNotFound: (404, "Invitation not found", "invitation-not-found"),
    errors.EmployeeNotFound: (404, "Employee not found", "employee-not-found"),
    errors.NotAllowed: (403, "Not allowed", "group-role-required"),
    errors.MembersOnly: (403, "Members only", "group-members-only"),
    errors.InvitationRequired: (403, "Invitation required", "invitation-required"),
    errors.GroupArchived: (409, "Group archived", "group-archived"),
    errors.LastOwner: (409, "Last owner", "last-owner"),
    errors.RequestNotPending: (409, "Join request already decided", "request-not-pending"),
    errors.AlreadyMember: (409, "Already a member", "already-member"),
    errors.JoinRequestPending: (409, "Join request pending", "join-request-pending"),
    errors.TooManyOwners: (409, "Too many owners", "too-many-owners"),
}


def problem_for(error: errors.DomainError) -> Problem:
    """The problem+json answer of a domain error."""
    status, title, type_ = PROBLEMS.get(type(error), (400, "Command refused", "command-refused"))
    return Problem(status, title, type_=type_, detail=error.detail)


DomainRoute = domain_error_route(errors.DomainError, problem_for)
