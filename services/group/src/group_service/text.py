"""Search text: accent-folded lowercase tokens and their prefixes (no $text index needed).

A group document carries ``terms``: every prefix (up to MAX_PREFIX characters)
of every token of its name and tags, in a multikey index. A query token
matches when it is one of those prefixes, so ``plat`` finds "Platform Guild".
"""

from __future__ import annotations

import re
import unicodedata

MAX_PREFIX = 20
MAX_TERMS = 400
MAX_QUERY_TOKENS = 6
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits of any script


def fold(text: str) -> str:
    """Lowercase without accents: ``Müller`` -> ``muller``, ``Straße`` -> ``strasse``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The folded words of ``text``, each cut to MAX_PREFIX characters."""
    return [t[:MAX_PREFIX] for t in _TOKEN.findall(fold(text))]


def prefix_terms(*texts: str) -> list[str]:
    """Every prefix of every token of ``texts`` (deduplicated, bounded)."""
    terms: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            for end in range(1, len(token) + 1):
                terms[token[:end]] = None
    return list(terms)[:MAX_TERMS]


def query_tokens(q: str) -> list[str]:
    """The tokens of a search query, longest (most selective) first."""
    unique = list(dict.fromkeys(tokens(q)))
    return sorted(unique, key=len, reverse=True)[:MAX_QUERY_TOKENS]


def sort_name(title: str, group_id: str) -> str:
    """Directory order key: folded name, then id (unique, so it can be a cursor)."""
    return f"{' '.join(tokens(title))[:100]}\x1f{group_id}"
