"""Search keys for the directory: case- and accent-insensitive name prefixes.

Two spellings of every name are indexed: the folded one (``Müller`` ->
``muller``) and the German transliteration (``Müller`` -> ``mueller``), so
both queries find the person. Prefix search without a regex index works by
storing every prefix (up to ``MAX_PREFIX`` characters) of every word and of
the whole name phrase in one multikey-indexed array.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

MAX_PREFIX = 20
_SPECIAL = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}
)
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: ``Müller`` -> ``muller``, ``Søren`` -> ``soren``."""
    lowered = unicodedata.normalize("NFC", text).casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def transliterate(text: str) -> str:
    """German transliteration, then folded: ``Müller`` -> ``mueller``, ``Weiß`` -> ``weiss``."""
    return fold(unicodedata.normalize("NFC", text).lower().translate(_GERMAN))


SPELLINGS: tuple[Callable[[str], str], ...] = (fold, transliterate)


def words(text: str) -> list[str]:
    """The words of an already folded text."""
    return _WORD.findall(text)


def name_prefixes(*names: str | None) -> list[str]:
    """Every searchable prefix of the given names (each name a word sequence), sorted."""
    prefixes: set[str] = set()
    for spell in SPELLINGS:
        for name in filter(None, names):
            tokens = words(spell(name))
            for token in tokens:
                prefixes.update(_prefixes(token, 1))
            if len(tokens) > 1:  # the phrase, so "ana mu" finds "Ana Müller"
                prefixes.update(_prefixes(" ".join(tokens), len(tokens[0]) + 1))
    return sorted(prefixes)


def person_name_prefixes(given: str | None, family: str | None, display: str | None) -> list[str]:
    """Search prefixes of a person: words, "given family", "family given" and display name."""
    forward = " ".join(filter(None, [given, family])) or None
    backward = " ".join(filter(None, [family, given])) or None
    return name_prefixes(forward, backward, display)


def _prefixes(text: str, shortest: int) -> Iterable[str]:
    return (text[:n] for n in range(shortest, min(len(text), MAX_PREFIX) + 1))


def query_keys(query: str) -> list[str]:
    """The index keys a query matches: its folded and transliterated spellings."""
    keys = (" ".join(words(spell(query)))[:MAX_PREFIX].rstrip() for spell in SPELLINGS)
    return list(dict.fromkeys(k for k in keys if k))


def facet_key(value: str) -> str:
    """The filter key of a facet value (department, location, skill): folded, single-spaced."""
    return " ".join(fold(value).split())


def sort_key(given: str | None, family: str | None, display: str | None, tiebreak: str) -> str:
    """Directory order: family name, given name, then id (tab sorts before any letter)."""
    name = " ".join(words(fold(" ".join(filter(None, [family, given])) or display or "")))
    return f"{name}\t{tiebreak}"
