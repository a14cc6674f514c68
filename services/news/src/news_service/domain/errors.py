"""Domain errors; ``api/errors.py`` maps each to a problem type once."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the caller can act on."""


class ChannelNotFound(DomainError):
    """No such channel."""


class ArticleNotFound(DomainError):
    """No such article, or the caller may not see it."""


class NotAllowed(DomainError):
    """The caller may see the thing but not do this (admins, editors, communicators)."""


class InvalidArticle(DomainError):
    """The article is inconsistent (default language missing, times, reminders)."""


class ArticleArchived(DomainError):
    """The article is archived: read-only."""


class NotPublished(DomainError):
    """The article is not published (unpublish, acknowledge)."""


class NotMustRead(DomainError):
    """The article asks for no acknowledgement."""


class ChannelExists(DomainError):
    """A channel with this id exists already with other settings."""


class StaleVersion(DomainError):
    """The acknowledgement names a version that is not the current one."""


class CommentNotFound(DomainError):
    """No such comment (or it was deleted)."""


class CommentsClosed(DomainError):
    """The article takes no comments (disabled, or not published)."""


class ReactionsClosed(DomainError):
    """The article takes no reactions (comments disabled, or not published)."""
