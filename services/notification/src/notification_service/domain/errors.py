"""Domain errors: values at the domain edge, mapped once to problem+json by the API."""

from __future__ import annotations


class DomainError(Exception):
    """A request was refused; ``detail`` is safe to show to the caller."""

    detail = "The request was refused."

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.detail = detail or self.detail


class NotificationNotFound(DomainError):
    """No such notification of the caller (someone else's is as good as absent)."""

    detail = "Notification not found."


class InvalidUnsubscribeLink(DomainError):
    """The unsubscribe link is forged, truncated or malformed."""

    detail = "This unsubscribe link is not valid."
