"""Domain errors mapped once to problem+json (raised and documented alike) for every router."""

from __future__ import annotations

from servicekit.http.problems import ProblemType
from servicekit.http.routes import ProblemCatalog

from polling_service.domain import errors

CATALOG = ProblemCatalog(
    errors.DomainError,
    {
        errors.PollNotFound: ProblemType(404, "poll-not-found", "Poll not found"),
        errors.GroupNotFound: ProblemType(404, "group-not-found", "Group not found"),
        errors.NotAllowed: ProblemType(403, "poll-owner-required", "Not allowed"),
        errors.NotEligible: ProblemType(403, "not-eligible", "Not eligible"),
        errors.ResultsHidden: ProblemType(403, "results-hidden", "Not visible yet"),
        errors.InvalidPoll: ProblemType(422, "invalid-poll", "Invalid poll"),
        errors.InvalidBallot: ProblemType(422, "invalid-ballot", "Invalid ballot"),
        errors.InvalidCredential: ProblemType(422, "invalid-credential", "Invalid credential"),
        errors.PollNotOpen: ProblemType(409, "poll-not-open", "Poll not open"),
        errors.PollFinished: ProblemType(409, "poll-finished", "Poll finished"),
        errors.AlreadyVoted: ProblemType(409, "already-voted", "Already voted"),
        errors.CredentialAlreadyIssued: ProblemType(
            409, "credential-already-issued", "Credential already issued"
        ),
        errors.TokenAlreadyUsed: ProblemType(409, "token-already-used", "Token already used"),
        errors.WrongSecrecy: ProblemType(409, "wrong-secrecy", "Not for this poll's secrecy"),
    },
)
DomainRoute = CATALOG.route_class
raises = CATALOG.responses
