"""Stream names: one per channel, one per article, one per reader and article."""

from __future__ import annotations


def channel_subject(channel_id: str) -> str:
    """A channel and its editors."""
    return f"channel:{channel_id}"


def article_subject(article_id: str) -> str:
    """An article's drafts, schedule and published versions."""
    return f"article:{article_id}"


def reader_subject(article_id: str, employee_id: str) -> str:
    """One employee's first read and acknowledgements of one article."""
    return f"article:{article_id}/reader:{employee_id}"


def reminders_subject(article_id: str) -> str:
    """The reminder rounds of a must-read."""
    return f"article:{article_id}/reminders"


def entrants_subject(article_id: str) -> str:
    """Who entered a published must-read's audience later."""
    return f"article:{article_id}/entrants"
