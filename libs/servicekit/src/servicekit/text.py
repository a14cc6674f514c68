"""Text folding and token-array search, the same in every service (no $text index needed).

Every searchable text is indexed as an array of prefixes of its words in two
spellings: folded (case and accents removed: ``Müller`` -> ``muller``, ``Søren``
-> ``soren``, ``Łukasz`` -> ``lukasz``) and German-transliterated (``Müller`` ->
``mueller``), in a multikey index. A query word matches when it is one of those
prefixes, so "muller", "mueller" and "Müller" all find "Müller".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

MAX_PREFIX = 20
MAX_QUERY_WORDS = 6
_SPECIAL = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}
)
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script


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


def prefixes(text: str, shortest: int = 1) -> Iterable[str]:
    """The prefixes of ``text`` from ``shortest`` up to MAX_PREFIX characters."""
    return (text[:n] for n in range(shortest, min(len(text), MAX_PREFIX) + 1))


def word_prefixes(*texts: str | None, phrases: bool = False) -> list[str]:
    """Every prefix of every word of ``texts`` in both spellings, sorted.

    With ``phrases``, also the prefixes of each whole text beyond its first word,
    so "ana mu" finds "Ana Müller".
    """
    found: set[str] = set()
    for spell in SPELLINGS:
        for text in filter(None, texts):
            tokens = words(spell(text))
            for token in tokens:
                found.update(prefixes(token))
            if phrases and len(tokens) > 1:
                found.update(prefixes(" ".join(tokens), len(tokens[0]) + 1))
    return sorted(found)


def query_keys(query: str) -> list[str]:
    """The phrase keys a query matches: its folded and transliterated spellings."""
    keys = (" ".join(words(spell(query)))[:MAX_PREFIX].rstrip() for spell in SPELLINGS)
    return list(dict.fromkeys(k for k in keys if k))


def query_words(query: str) -> list[str]:
    """The words of a query, longest (most selective) first, each cut to MAX_PREFIX.

    Transliterated: "Müller" asks for "mueller", which both "Müller" and "Mueller"
    are indexed under; a query without umlauts is simply folded.
    """
    unique = dict.fromkeys(w[:MAX_PREFIX] for w in words(transliterate(query)))
    return sorted(unique, key=len, reverse=True)[:MAX_QUERY_WORDS]


def facet_key(value: str) -> str:
    """The filter key of a facet value (department, tag, skill): folded, single-spaced."""
    return " ".join(fold(value).split())
