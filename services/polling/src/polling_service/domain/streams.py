"""Stream names: one per poll, one per voter (pseudonym) and poll, one per ballot."""

from __future__ import annotations


def poll_subject(poll_id: str) -> str:
    """The poll's definition and lifecycle."""
    return f"poll:{poll_id}"


def voter_subject(poll_id: str, voter_key: str) -> str:
    """One employee's participation (credential) in one poll, named by their pseudonym
    (``Pseudonyms.voter``), never by their id."""
    return f"poll:{poll_id}/voter:{voter_key}"


def ballot_subject(poll_id: str, ballot_id: str) -> str:
    """One ballot (ballot id: the voter in open polls, else a hash)."""
    return f"poll:{poll_id}/ballot:{ballot_id}"


def ballot_prefix(poll_id: str) -> str:
    """The prefix of every ballot stream of a poll."""
    return f"poll:{poll_id}/ballot:"


def voter_prefix(poll_id: str) -> str:
    """The prefix of every voter stream of a poll."""
    return f"poll:{poll_id}/voter:"
