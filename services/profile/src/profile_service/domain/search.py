"""Search keys for the directory: a person's name prefixes and sort order.

Folding, spellings and prefixes come from ``servicekit.text`` (the same in
every service); this adds what is particular to people: "given family",
"family given" and the display name as phrases.
"""

from __future__ import annotations

from servicekit.text import (
    MAX_PREFIX,
    SPELLINGS,
    facet_key,
    fold,
    query_keys,
    transliterate,
    word_prefixes,
    words,
)

__all__ = [
    "MAX_PREFIX",
    "SPELLINGS",
    "facet_key",
    "fold",
    "name_prefixes",
    "person_name_prefixes",
    "query_keys",
    "sort_key",
    "transliterate",
    "words",
]


def name_prefixes(*names: str | None) -> list[str]:
    """Every searchable prefix of the given names (each name a word sequence), sorted."""
    return word_prefixes(*names, phrases=True)


def person_name_prefixes(given: str | None, family: str | None, display: str | None) -> list[str]:
    """Search prefixes of a person: words, "given family", "family given" and display name."""
    forward = " ".join(filter(None, [given, family])) or None
    backward = " ".join(filter(None, [family, given])) or None
    return name_prefixes(forward, backward, display)


def sort_key(given: str | None, family: str | None, display: str | None, tiebreak: str) -> str:
    """Directory order: family name, given name, then id (tab sorts before any letter)."""
    name = " ".join(words(fold(" ".join(filter(None, [family, given])) or display or "")))
    return f"{name}\t{tiebreak}"
