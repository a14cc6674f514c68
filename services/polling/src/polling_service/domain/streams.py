"""Stream names: one per poll, one per voter and poll, one per ballot."""

from __future__ import annotations


def poll_subject(poll_id: str) -> str:
    """The poll's definition and lifecycle."""
    return f"poll:{poll_id}"


def voter_subject(poll_id: str, employee_id: str) -> str:
    """One employee's participation (credential) in one poll."""
    return f"poll:{poll_id}/voter:{employee_id}"


def ballot_subject(poll_id: str, ballot_id: str) -> str:
    """One ballot (ballot id: the voter in open polls, else a hash)."""
    return f"poll:{poll_id}/ballot:{ballot_id}"


def ballot_prefix(poll_id: str) -> str:
    """The prefix of every ballot stream of a poll."""
    return f"poll:{poll_id}/ballot:"


def voter_prefix(poll_id: str) -> str:
    """The prefix of every voter stream of a poll."""
    return f"poll:{poll_id}/voter:"
