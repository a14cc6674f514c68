"""Domain errors mapped once to problem+json (raised and documented alike) for every router."""

from __future__ import annotations

from servicekit.http.problems import ProblemType
from servicekit.http.routes import ProblemCatalog

from notification_service.domain import errors

CATALOG = ProblemCatalog(
    errors.DomainError,
    {
        errors.NotificationNotFound: ProblemType(
            404, "notification-not-found", "Notification not found"
        ),
        errors.InvalidUnsubscribeLink: ProblemType(
            404, "invalid-unsubscribe-link", "Unsubscribe link not valid"
        ),
    },
)
DomainRoute = CATALOG.route_class
raises = CATALOG.responses
