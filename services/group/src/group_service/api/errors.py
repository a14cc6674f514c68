"""Domain errors mapped once to problem+json (raised and documented alike) for every router."""

from __future__ import annotations

from servicekit.http.problems import ProblemType
from servicekit.http.routes import ProblemCatalog

from group_service.domain import errors

CATALOG = ProblemCatalog(
    errors.DomainError,
    {
        errors.GroupNotFound: ProblemType(404, "group-not-found", "Group not found"),
        errors.MemberNotFound: ProblemType(404, "member-not-found", "Member not found"),
        errors.JoinRequestNotFound: ProblemType(
            404, "join-request-not-found", "Join request not found"
        ),
        errors.InvitationNotFound: ProblemType(404, "invitation-not-found", "Invitation not found"),
        errors.EmployeeNotFound: ProblemType(404, "employee-not-found", "Employee not found"),
        errors.NotAllowed: ProblemType(403, "group-role-required", "Not allowed"),
        errors.MembersOnly: ProblemType(403, "group-members-only", "Members only"),
        errors.InvitationRequired: ProblemType(403, "invitation-required", "Invitation required"),
        errors.GroupArchived: ProblemType(409, "group-archived", "Group archived"),
        errors.LastOwner: ProblemType(409, "last-owner", "Last owner"),
        errors.RequestNotPending: ProblemType(
            409, "request-not-pending", "Join request already decided"
        ),
        errors.AlreadyMember: ProblemType(409, "already-member", "Already a member"),
        errors.JoinRequestPending: ProblemType(409, "join-request-pending", "Join request pending"),
        errors.TooManyOwners: ProblemType(409, "too-many-owners", "Too many owners"),
    },
)
DomainRoute = CATALOG.route_class
raises = CATALOG.responses
problem_for = CATALOG.problem
