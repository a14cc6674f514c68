"""Search keys for the directory: a person's name prefixes and sort order.

Folding, spellings and prefixes come from ``servicekit.text`` (the same in
every service); this adds what is particular to people: "given family",
"family given" and the display name as phrases. A one-word query finds the
people with a word starting with it (``search_prefixes``, indexed); a query of
several words also has to begin one of the phrases (``search_phrases``, stored
whole, matched as a prefix). Indexing every phrase prefix as well would find the
same people but cost about 80 index entries a person instead of 30, which is most
of what registering an employee costs on SecantusDB.
"""

from __future__ import annotations

from collections.abc import Collection

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
    "is_phrase",
    "matches",
    "person_name_phrases",
    "person_name_prefixes",
    "query_keys",
    "sort_key",
    "transliterate",
    "words",
]


def person_name_prefixes(given: str | None, family: str | None, display: str | None) -> list[str]:
    """Every prefix of every word of a person's names, in both spellings (indexed)."""
    return word_prefixes(given, family, display)


def person_name_phrases(given: str | None, family: str | None, display: str | None) -> list[str]:
    """ "given family", "family given" and the display name, both spellings, cut like keys."""
    forward = " ".join(filter(None, [given, family])) or None
    backward = " ".join(filter(None, [family, given])) or None
    found: set[str] = set()
    for spell in SPELLINGS:
        for text in filter(None, [forward, backward, display]):
            tokens = words(spell(text))
            if len(tokens) > 1:
                found.add(" ".join(tokens)[:MAX_PREFIX])
    return sorted(found)


def is_phrase(key: str) -> bool:
    """Whether a query key has several words (then it must begin a phrase)."""
    return " " in key


def matches(key: str, prefixes: Collection[str], phrases: Collection[str]) -> bool:
    """Whether a query key finds a person: what the directory filter asks MongoDB."""
    if not is_phrase(key):
        return key in prefixes
    return key.split(" ")[0] in prefixes and any(p.startswith(key) for p in phrases)


def sort_key(given: str | None, family: str | None, display: str | None, tiebreak: str) -> str:
    """Directory order: family name, given name, then id (tab sorts before any letter)."""
    name = " ".join(words(fold(" ".join(filter(None, [family, given])) or display or "")))
    return f"{name}\t{tiebreak}"
