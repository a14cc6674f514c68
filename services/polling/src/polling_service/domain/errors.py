"""Domain errors; ``api/errors.py`` maps each to a problem type once."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the caller can act on."""


class PollNotFound(DomainError):
    """No such poll, or the caller may not see it."""


class NotAllowed(DomainError):
    """The caller may see the poll but not do this (owners only, create rights)."""


class NotEligible(DomainError):
    """The caller is not in the poll's frozen electorate."""


class InvalidPoll(DomainError):
    """The poll's definition is inconsistent (times, choice limits, group vs audience)."""


class InvalidBallot(DomainError):
    """The ballot does not fit the poll's kind, options or limits."""


class PollNotOpen(DomainError):
    """The poll does not accept this now (not yet open, voting ended, closed, cancelled)."""


class AlreadyVoted(DomainError):
    """A ballot exists and the poll does not allow changing it."""


class CredentialAlreadyIssued(DomainError):
    """This voter already received the poll's one credential for another blinded message."""


class WrongSecrecy(DomainError):
    """The route does not serve polls of this secrecy (e.g. a credential for an open poll)."""


class InvalidCredential(DomainError):
    """The ballot's token and signature do not verify under the poll's key."""


class TokenAlreadyUsed(DomainError):
    """The token was spent already and the poll does not allow changing a ballot."""


class ResultsHidden(DomainError):
    """The poll's results visibility does not allow the caller to see this yet."""


class PollFinished(DomainError):
    """The poll is closed or cancelled already."""


class GroupNotFound(DomainError):
    """The group of a new poll does not exist for the caller."""
