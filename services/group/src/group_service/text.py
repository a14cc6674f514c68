"""Group search terms, on the platform's one text folding (``servicekit.text``).

A group document carries ``terms``: every prefix of every word of its name and
tags in both spellings (folded and transliterated), in a multikey index. A
query matches when each of its words is one of those prefixes, so ``plat``
finds "Platform Guild" and "soren" finds "Søren's guild". Names (120 chars) and
tags (10 x 40) bound the array to about a thousand terms.
"""

from __future__ import annotations

from servicekit.text import facet_key, fold, query_words, word_prefixes, words

__all__ = ["facet_key", "prefix_terms", "query_tokens", "sort_name"]


def prefix_terms(*texts: str) -> list[str]:
    """Every prefix of every word of ``texts``, both spellings."""
    return word_prefixes(*texts)


def query_tokens(q: str) -> list[str]:
    """The words of a search query, longest (most selective) first."""
    return query_words(q)


def sort_name(title: str, group_id: str) -> str:
    """Directory order key: folded name, then id (unique, so it can be a cursor)."""
    return f"{' '.join(words(fold(title)))[:100]}\x1f{group_id}"
