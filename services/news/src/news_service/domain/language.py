"""Which language version a reader gets: wanted tags exactly, then their language, then
the article's default (BCP 47 tags compared case-insensitively)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def primary(tag: str) -> str:
    """The primary language subtag: ``de-AT`` -> ``de``."""
    return tag.split("-", 1)[0].lower()


def negotiate(available: Sequence[str], wanted: Iterable[str | None], default: str) -> str:
    """The best available tag for the wanted ones (in order of preference)."""
    wanted_tags = [w for w in wanted if w]
    by_lower = {tag.lower(): tag for tag in available}
    for tag in wanted_tags:
        if tag.lower() in by_lower:
            return by_lower[tag.lower()]
    for tag in wanted_tags:
        for candidate in sorted(available, key=lambda t: (t.count("-"), t.lower())):
            if primary(candidate) == primary(tag):
                return candidate
    return default
