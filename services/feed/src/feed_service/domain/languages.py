"""Which language version of an article a reader gets: pure, tested without servers."""

from __future__ import annotations

from collections.abc import Sequence


def primary(tag: str) -> str:
    """The primary subtag, lower case: ``de-AT`` -> ``de``."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def best_language(available: Sequence[str], locale: str | None, default: str) -> str:
    """The reader's locale exactly, else a version in its language, else the default.

    Case does not matter (``de-at`` is ``de-AT``); within a language the most general
    version wins (``de`` before ``de-CH``), as the news service itself serves them. A
    default that is not among ``available`` gives way to the first available version.
    """
    if locale:
        wanted = locale.replace("_", "-").lower()
        by_lower = {tag.lower(): tag for tag in available}
        if wanted in by_lower:
            return by_lower[wanted]
        for candidate in sorted(available, key=lambda t: (t.count("-"), t.lower())):
            if primary(candidate) == primary(wanted):
                return candidate
    if default in available or not available:
        return default
    return available[0]
